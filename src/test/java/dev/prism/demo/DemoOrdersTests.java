package dev.prism.demo;

import static dev.prism.demo.DemoHttp.body;
import static dev.prism.demo.DemoHttp.get;
import static dev.prism.demo.DemoUpstreamsTests.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/** {@code POST /orders}: validated, priced by the service, and created exactly once per {@code Idempotency-Key}. */
class DemoOrdersTests {

	static final String ORDER = """
			{"customerId":"c-1001","channel":"web","lines":[{"sku":"SKU-1001","quantity":2},{"sku":"SKU-1002","quantity":1}]}""";

	DemoUpstreams demo;

	@BeforeEach
	void start() {
		this.demo = DemoUpstreams.start();
	}

	@AfterEach
	void stop() {
		this.demo.close();
	}

	HttpResponse<String> post(String key, String body) {
		return DemoHttp.postOrder(this.demo.baseUrl("orders"), key, body);
	}

	@Test
	void anOrderIsCreatedPricedByThePricingDataAndReadable() {
		HttpResponse<String> response = post("k-1", ORDER);

		assertThat(response.statusCode()).isEqualTo(201);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
		assertThat(response.headers().firstValue("Idempotent-Replayed")).isEmpty();
		JsonNode order = body(response);
		assertThat(order.propertyNames()).containsExactly("id", "customerId", "status", "lines", "total", "createdAt");
		assertThat(order.get("customerId").asText()).isEqualTo("c-1001");
		assertThat(order.get("status").asText()).isEqualTo("PLACED");
		assertThat(Instant.parse(order.get("createdAt").asText())).isBefore(Instant.now().plusSeconds(1));

		JsonNode prices = body(get(this.demo.baseUrl("pricing") + "/prices?skus=SKU-1001,SKU-1002")).get("prices");
		String first = prices.get(0).get("amount").asText();
		String second = prices.get(1).get("amount").asText();
		assertThat(order.get("lines")).hasSize(2);
		assertThat(order.get("lines").get(0).get("sku").asText()).isEqualTo("SKU-1001");
		assertThat(order.get("lines").get(0).get("quantity").asInt()).isEqualTo(2);
		assertThat(order.get("lines").get(0).get("unitPrice").asText()).isEqualTo(first);
		assertThat(order.get("lines").get(1).get("unitPrice").asText()).isEqualTo(second);
		BigDecimal total = new BigDecimal(first).multiply(BigDecimal.valueOf(2)).add(new BigDecimal(second));
		assertThat(order.get("total").get("currency").asText()).isEqualTo("EUR");
		assertThat(order.get("total").get("amount").asText()).isEqualTo(total.toPlainString());

		String id = order.get("id").asText();
		assertThat(body(get(this.demo.baseUrl("orders") + "/orders/" + id))).isEqualTo(order);
		assertThat(body(get(this.demo.baseUrl("orders") + "/customers/c-1001/orders?limit=1")).get("items").get(0))
			.isEqualTo(order);
		assertThat(this.demo.ordersCreated()).isEqualTo(1);
	}

	@Test
	void theSameKeyAndOrderAnswerTheSameOrderAgain() {
		HttpResponse<String> first = post("c-1001:k-2", ORDER);
		HttpResponse<String> again = post("c-1001:k-2", ORDER);

		assertThat(first.statusCode()).isEqualTo(201);
		assertThat(again.statusCode()).isEqualTo(201);
		assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(body(again)).isEqualTo(body(first));
		assertThat(this.demo.ordersCreated()).isEqualTo(1);
		assertThat(body(get("http://127.0.0.1:" + this.demo.port() + "/__admin/stats")).get("ordersCreated").asInt())
			.isEqualTo(1);
	}

	@Test
	void theSameOrderWrittenInAnotherPropertyOrderIsStillTheSameOrder() {
		String reordered = """
				{"lines":[{"quantity":2,"sku":"SKU-1001"},{"quantity":1,"sku":"SKU-1002"}],"channel":"web","customerId":"c-1001"}""";
		String id = body(post("k-3", ORDER)).get("id").asText();

		HttpResponse<String> again = post("k-3", reordered);

		assertThat(again.statusCode()).isEqualTo(201);
		assertThat(body(again).get("id").asText()).isEqualTo(id);
		assertThat(this.demo.ordersCreated()).isEqualTo(1);
	}

	@Test
	void theSameKeyWithAnotherOrderIsRejected() {
		post("k-4", ORDER);

		assertProblem(post("k-4", ORDER.replace("\"quantity\":2", "\"quantity\":3")), 422);
		assertProblem(post("k-4", ORDER.replace("\"channel\":\"web\"", "\"channel\":\"mobile\"")), 422);
		assertThat(this.demo.ordersCreated()).isEqualTo(1);
		assertThat(post("k-5", ORDER.replace("\"quantity\":2", "\"quantity\":3")).statusCode()).isEqualTo(201);
		assertThat(this.demo.ordersCreated()).isEqualTo(2);
	}

	@Test
	void concurrentRequestsWithOneKeyCreateOneOrder() throws Exception {
		int threads = 32;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		CountDownLatch ready = new CountDownLatch(threads);
		CountDownLatch go = new CountDownLatch(1);
		try {
			List<Callable<HttpResponse<String>>> calls = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				calls.add(() -> {
					ready.countDown();
					go.await();
					return post("acme:race", ORDER);
				});
			}
			List<Future<HttpResponse<String>>> futures = new ArrayList<>();
			calls.forEach(call -> futures.add(pool.submit(call)));
			assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
			go.countDown();

			Set<String> ids = new HashSet<>();
			int replayed = 0;
			for (Future<HttpResponse<String>> future : futures) {
				HttpResponse<String> response = future.get(20, TimeUnit.SECONDS);
				assertThat(response.statusCode()).isEqualTo(201);
				ids.add(body(response).get("id").asText());
				replayed += response.headers().firstValue("Idempotent-Replayed").isPresent() ? 1 : 0;
			}
			assertThat(ids).hasSize(1);
			assertThat(replayed).isEqualTo(threads - 1);
			assertThat(this.demo.ordersCreated()).isEqualTo(1);
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void theIdempotencyKeyIsRequired() {
		assertProblem(post(null, ORDER), 400);
		assertProblem(post(" ", ORDER), 400);
		assertThat(this.demo.ordersCreated()).isZero();
	}

	@Test
	void invalidOrdersAreRejectedAndCreateNothing() {
		assertProblem(post("bad-json", "{nope"), 400);
		assertProblem(post("not-an-object", "[1,2]"), 400);
		assertProblem(post("null", "null"), 400);
		assertProblem(post("empty", ""), 400);
		assertProblem(post("customer", ORDER.replace("c-1001", "c-404")), 422);
		assertProblem(post("no-customer", ORDER.replace("\"customerId\":\"c-1001\",", "")), 422);
		assertProblem(post("channel", ORDER.replace("\"web\"", "\"fax\"")), 422);
		assertProblem(post("sku", ORDER.replace("SKU-1002", "SKU-9999")), 422);
		assertProblem(post("unpriced", ORDER.replace("SKU-1002", unpricedSku())), 422);
		assertProblem(post("zero", ORDER.replace("\"quantity\":2", "\"quantity\":0")), 422);
		assertProblem(post("hundred", ORDER.replace("\"quantity\":2", "\"quantity\":100")), 422);
		assertProblem(post("fraction", ORDER.replace("\"quantity\":2", "\"quantity\":1.5")), 422);
		assertProblem(post("text", ORDER.replace("\"quantity\":2", "\"quantity\":\"2\"")), 422);
		assertProblem(post("no-lines", "{\"customerId\":\"c-1001\",\"channel\":\"web\",\"lines\":[]}"), 422);
		assertProblem(post("too-many", withLines(51)), 422);
		assertThat(this.demo.ordersCreated()).isZero();

		assertThat(post("fifty", withLines(50)).statusCode()).isEqualTo(201);
		assertThat(post("ninety-nine", ORDER.replace("\"quantity\":2", "\"quantity\":99")).statusCode())
			.isEqualTo(201);
		assertThat(this.demo.ordersCreated()).isEqualTo(2);
	}

	String unpricedSku() {
		return this.demo.catalog().skus().stream().filter(sku -> this.demo.catalog().price(sku) == null).findFirst()
			.orElseThrow();
	}

	/** An otherwise valid order of {@code count} lines, each a different priced sku. */
	String withLines(int count) {
		List<String> lines = this.demo.catalog()
			.skus()
			.stream()
			.filter(sku -> this.demo.catalog().price(sku) != null)
			.limit(count)
			.map(sku -> "{\"sku\":\"" + sku + "\",\"quantity\":1}")
			.toList();
		assertThat(lines).hasSize(count);
		return "{\"customerId\":\"c-1002\",\"channel\":\"partner\",\"lines\":[" + String.join(",", lines) + "]}";
	}

}
