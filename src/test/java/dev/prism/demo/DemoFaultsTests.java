package dev.prism.demo;

import static dev.prism.demo.DemoHttp.body;
import static dev.prism.demo.DemoHttp.get;
import static dev.prism.demo.DemoUpstreamsTests.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.prism.demo.DemoFaults.Fault;
import dev.prism.demo.DemoFaults.Mode;

/** Faults for drills — latency, 503s, garbage, dropped connections — set in code and over the admin API. */
class DemoFaultsTests {

	DemoUpstreams demo;

	@BeforeEach
	void start() {
		this.demo = DemoUpstreams.start();
	}

	@AfterEach
	void stop() {
		this.demo.close();
	}

	HttpResponse<String> prices() {
		return get(this.demo.baseUrl("pricing") + "/prices?skus=SKU-1001");
	}

	HttpResponse<String> product() {
		return get(this.demo.baseUrl("catalog") + "/products/SKU-1001");
	}

	String admin(String path) {
		return "http://127.0.0.1:" + this.demo.port() + "/__admin" + path;
	}

	static <T> Duration timed(Supplier<T> call) {
		long started = System.nanoTime();
		call.get();
		return Duration.ofNanos(System.nanoTime() - started);
	}

	@Test
	void aFixedLatencyDelaysEveryCall() {
		try (DemoUpstreams slow = DemoUpstreams.start("127.0.0.1", 0, Duration.ofMillis(250))) {
			assertThat(timed(() -> get(slow.baseUrl("customers") + "/customers/c-1001")))
				.isGreaterThanOrEqualTo(Duration.ofMillis(250));
		}
	}

	@Test
	void slowCallsAreServedSideBySide() throws Exception {
		int calls = 48;
		ExecutorService callers = Executors.newFixedThreadPool(calls);
		try (DemoUpstreams slow = DemoUpstreams.start("127.0.0.1", 0, Duration.ofSeconds(1))) {
			String url = slow.baseUrl("catalog") + "/products/SKU-1001";
			List<Callable<Integer>> gets = Collections.nCopies(calls, () -> get(url).statusCode());
			long started = System.nanoTime();
			List<Future<Integer>> answers = callers.invokeAll(gets);
			Duration took = Duration.ofNanos(System.nanoTime() - started);

			for (Future<Integer> answer : answers) {
				assertThat(answer.get()).isEqualTo(200);
			}
			// Side by side they take a little over a second; the bound leaves the rest to a busy machine.
			assertThat(took).as("48 calls of 1 s; one after another would take 48 s, four at a time 12 s")
				.isLessThan(Duration.ofSeconds(12));
		}
		finally {
			callers.shutdownNow();
		}
	}

	@Test
	void aServiceCanBeSlowedAlone() throws Exception {
		// Given pricing slowed by 2 s
		this.demo.fault("pricing", Fault.slow(Duration.ofSeconds(2)));

		// When a price is asked for, and a product while the price is on its way
		long started = System.nanoTime();
		CompletableFuture<HttpResponse<String>> price = CompletableFuture.supplyAsync(this::prices);
		HttpResponse<String> product = product();

		// Then the product is answered first, and the price after its latency
		assertThat(product.statusCode()).isEqualTo(200);
		assertThat(price).as("the slowed price, when the product was answered").isNotDone();
		assertThat(price.get().statusCode()).isEqualTo(200);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
		assertThat(Fault.of(Mode.SLOW).delay()).as("slow without a latency").isEqualTo(Fault.DEFAULT_SLOW);
	}

	@Test
	void aDownServiceAnswers503ProblemsAndTheOthersStillAnswer() {
		this.demo.fault("pricing", Fault.down());

		assertProblem(prices(), 503);
		assertThat(product().statusCode()).isEqualTo(200);
	}

	@Test
	void garbageIsA200ThatIsNotJson() {
		this.demo.fault("pricing", Fault.of(Mode.GARBAGE));

		HttpResponse<String> garbage = DemoHttp.getFaulted(this.demo.baseUrl("pricing") + "/prices?skus=SKU-1001");
		assertThat(garbage.statusCode()).isEqualTo(200);
		assertThat(garbage.headers().firstValue("Content-Type")).hasValue("application/json");
		assertThatThrownBy(() -> DemoHttp.json.readTree(garbage.body())).isInstanceOf(RuntimeException.class);
	}

	@Test
	void resetDropsTheConnectionWithoutAnAnswer() {
		this.demo.fault("pricing", Fault.of(Mode.RESET));

		assertThatThrownBy(this::prices).isInstanceOf(UncheckedIOException.class);
		assertThat(product().statusCode()).isEqualTo(200);
	}

	@Test
	void anErrorRateFailsThatShareOfCalls() {
		this.demo.fault("inventory", new Fault(Mode.OK, Duration.ZERO, 0.5));

		int failed = 0;
		for (int i = 0; i < 200; i++) {
			failed += get(this.demo.baseUrl("inventory") + "/availability?skus=SKU-1001").statusCode() == 503 ? 1 : 0;
		}
		assertThat(failed).isBetween(50, 150);

		this.demo.fault("inventory", new Fault(Mode.SLOW, Duration.ofMillis(1), 1));
		assertProblem(get(this.demo.baseUrl("inventory") + "/availability?skus=SKU-1001"), 503);
	}

	@Test
	void aLostAnswerStillCommitsTheOrderAndTheRetryReplaysIt() {
		this.demo.fault("orders", Fault.of(Mode.LOSE_RESPONSE_ONCE));
		String order = "{\"customerId\":\"c-1001\",\"channel\":\"mobile\",\"lines\":[{\"sku\":\"SKU-1001\",\"quantity\":1}]}";

		assertThatThrownBy(() -> DemoHttp.postOrder(this.demo.baseUrl("orders"), "lost", order))
			.isInstanceOf(UncheckedIOException.class);
		assertThat(this.demo.ordersCreated()).isEqualTo(1);

		HttpResponse<String> retry = DemoHttp.postOrder(this.demo.baseUrl("orders"), "lost", order);
		assertThat(retry.statusCode()).isEqualTo(201);
		assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(this.demo.ordersCreated()).isEqualTo(1);
	}

	@Test
	void faultsCanBeFlippedReadAndClearedOverTheAdminApi() {
		assertThat(DemoHttp.put(admin("/faults/inventory"), "{\"mode\":\"down\"}").statusCode()).isEqualTo(204);
		assertThat(DemoHttp.put(admin("/faults/reviews"), "{\"mode\":\"slow\",\"latency\":\"250ms\"}").statusCode())
			.isEqualTo(204);
		assertThat(DemoHttp.put(admin("/faults/customers"), "{\"latencyMs\":10,\"errorRate\":0.25}").statusCode())
			.isEqualTo(204);

		assertProblem(get(this.demo.baseUrl("inventory") + "/availability?skus=SKU-1001"), 503);
		assertThat(timed(() -> get(this.demo.baseUrl("reviews") + "/products/SKU-1001/reviews")))
			.isGreaterThanOrEqualTo(Duration.ofMillis(250));
		var faults = body(get(admin("/faults")));
		assertThat(faults.propertyNames()).containsExactly("customers", "inventory", "reviews");
		assertThat(faults.get("inventory").get("mode").asText()).isEqualTo("down");
		assertThat(faults.get("reviews").get("latency").asText()).isEqualTo("250ms");
		assertThat(faults.get("customers").get("errorRate").asDouble()).isEqualTo(0.25);

		assertThat(DemoHttp.delete(admin("/faults")).statusCode()).isEqualTo(204);
		assertThat(get(this.demo.baseUrl("inventory") + "/availability?skus=SKU-1001").statusCode()).isEqualTo(200);
		assertThat(body(get(admin("/faults"))).isEmpty()).isTrue();
	}

	@Test
	void theAdminApiRefusesWhatItCannotApply() {
		assertProblem(DemoHttp.put(admin("/faults/pricing"), "{\"mode\":\"on-fire\"}"), 400);
		assertProblem(DemoHttp.put(admin("/faults/pricing"), "{\"errorRate\":2}"), 400);
		assertProblem(DemoHttp.put(admin("/faults/pricing"), "{\"latency\":\"soon\"}"), 400);
		assertProblem(DemoHttp.put(admin("/faults/pricing"), "not json"), 400);
		assertProblem(DemoHttp.put(admin("/faults/shipping"), "{\"mode\":\"down\"}"), 404);
		assertThat(prices().statusCode()).isEqualTo(200);
		assertThatThrownBy(() -> this.demo.fault("shipping", Fault.down())).isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void statsCountCreatedOrdersAndProducts() {
		var stats = body(get(admin("/stats")));
		assertThat(stats.get("ordersCreated").asInt()).isZero();
		assertThat(stats.get("products").asInt()).isEqualTo(72);
	}

	@Test
	void adminCallsAreNeitherDelayedNorFaulted() {
		// Given every call delayed by a minute and every service down
		try (DemoUpstreams slow = DemoUpstreams.start("127.0.0.1", 0, Duration.ofMinutes(1))) {
			DemoUpstreams.SERVICES.forEach(service -> slow.fault(service, Fault.down()));

			// Then the admin API still answers, and at once: a delayed call would outlast DemoHttp's 10 s timeout
			assertThat(get("http://127.0.0.1:" + slow.port() + "/__admin/stats").statusCode()).isEqualTo(200);
		}
	}

}
