package dev.prism;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.prism.demo.DemoFaults;
import dev.prism.demo.DemoUpstreams;
import dev.prism.testing.ContractValidation;

/**
 * A bounded load (twelve clients of forty requests each, loopback only) of mixed traffic on all channels while pricing
 * flaps and a fifth of the orders service's answers are lost after it committed: no 5xx but the designed 502/503/504,
 * no answer later than the deadline plus a wide margin, and every order placed exactly once — also the orders whose
 * client gave up while the orders circuit was open and tried the same key again later. The load is a number of
 * requests, not a duration, so a slower machine makes the same calls, only later.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "prism.demo.upstreams.enabled=false", "prism.demo.identity-provider.enabled=false",
				"prism.partner.clients.acme.requests-per-minute=100000000",
				"prism.upstreams.pricing.cache.ttl=0s", "prism.upstreams.inventory.cache.ttl=0s",
				"prism.upstreams.orders.breaker.wait-in-open-state=2s" })
class LoadWithFaultsTests {

	static final DemoUpstreams upstreams = DemoUpstreams.start("127.0.0.1", 0, Duration.ofMillis(5));

	static final int CLIENTS = 12;

	/** Requests per client: three reads (web, mobile, partner) to one order, in turn. */
	static final int ROUNDS = 40;

	static final Pattern ORDER_ID = Pattern.compile("\"id\":\"(o-\\d+)\"");

	@DynamicPropertySource
	static void upstreamBaseUrls(DynamicPropertyRegistry registry) {
		for (String service : DemoUpstreams.SERVICES) {
			registry.add("prism.upstreams." + service + ".base-url", () -> upstreams.baseUrl(service));
		}
	}

	@AfterAll
	static void stop() {
		upstreams.close();
	}

	@LocalServerPort
	int port;

	@Test
	void mixedTrafficUnderFaultsLosesAndDuplicatesNothing() throws Exception {
		upstreams.fault("pricing", new DemoFaults.Fault(DemoFaults.Mode.OK, Duration.ZERO, 0.3));
		upstreams.fault("orders", new DemoFaults.Fault(DemoFaults.Mode.LOSE_RESPONSE, Duration.ZERO, 0.2));
		HttpClient http = ContractValidation
			.validating(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build());
		String token = http
			.send(HttpRequest.newBuilder(uri("/demo/mobile-token"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"customerId\":\"c-1001\"}"))
				.build(), HttpResponse.BodyHandlers.ofString())
			.body()
			.replaceAll(".*\"accessToken\":\"([^\"]+)\".*", "$1");
		int before = upstreams.ordersCreated();
		Map<Integer, AtomicInteger> reads = new ConcurrentHashMap<>();
		Map<Integer, AtomicInteger> orders = new ConcurrentHashMap<>();
		Map<String, String> orderIdByKey = new ConcurrentHashMap<>();
		AtomicLong slowest = new AtomicLong();
		AtomicInteger keys = new AtomicInteger();

		ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
		List<Future<?>> running = new ArrayList<>();
		for (int c = 0; c < CLIENTS; c++) {
			int client = c;
			running.add(clients.submit(() -> {
				for (int i = 1; i <= ROUNDS; i++) {
					HttpRequest request = switch ((client + i) % 4) {
						case 0 -> read("/web/api/products/SKU-10" + (10 + i % 50)).build();
						case 1 -> read("/mobile/api/products/SKU-10" + (10 + i % 50))
							.header("Authorization", "Bearer " + token)
							.build();
						case 2 -> read("/partner/api/v1/products/SKU-10" + (10 + i % 50))
							.header("X-Api-Key", "acme-demo-key")
							.build();
						default -> null;
					};
					if (request != null) {
						record(http, request, reads, slowest);
						continue;
					}
					// An order, retried by the client with the same key, as Retry-After asks, until it is acknowledged.
					String key = "load-" + keys.incrementAndGet();
					for (int attempt = 0; attempt < 6; attempt++) {
						HttpResponse<String> answer = record(http, orderRequest(key), orders, slowest);
						if (answer != null && answer.statusCode() == 201) {
							acknowledged(orderIdByKey, key, answer);
							break;
						}
						waitAsAsked(answer, Duration.ofSeconds(1));
					}
				}
				return null;
			}));
		}
		for (Future<?> future : running) {
			future.get();
		}
		clients.shutdown();
		upstreams.clearFaults();

		// A client that gave up on a key while the faults lasted tries it again now: the order it may already have
		// placed is answered, never placed a second time, and an order never placed is placed now.
		for (int k = 1; k <= keys.get(); k++) {
			String key = "load-" + k;
			for (int attempt = 0; attempt < 20 && !orderIdByKey.containsKey(key); attempt++) {
				HttpResponse<String> answer = http.send(orderRequest(key), HttpResponse.BodyHandlers.ofString());
				if (answer.statusCode() == 201) {
					acknowledged(orderIdByKey, key, answer);
				}
				else {
					waitAsAsked(answer, Duration.ofSeconds(3));
				}
			}
		}

		int readCount = reads.values().stream().mapToInt(AtomicInteger::get).sum();
		assertThat(readCount).as("reads made").isEqualTo(CLIENTS * ROUNDS * 3 / 4);
		reads.forEach((status, count) -> assertThat(status).as("read status %s (%s times)", status, count)
			.isIn(200, 503, 504));
		orders.forEach((status, count) -> assertThat(status).as("order status %s (%s times)", status, count)
			.isIn(201, 503, 504));
		// Web and mobile degrade (price left out) while pricing flaps; only the strict partner contract fails a read.
		assertThat(reads.get(200).get()).as("reads answered 200 among %s", reads).isGreaterThan(readCount / 2);
		// The longest deadline is the partner's 3 s; an answer later than 10 s would be one that no deadline ended.
		assertThat(Duration.ofNanos(slowest.get())).as("slowest answer").isLessThan(Duration.ofSeconds(10));
		// Every order exists exactly once: every key was acknowledged in the end, and as many orders were created as
		// there were keys.
		assertThat(keys.get()).as("orders attempted").isEqualTo(CLIENTS * ROUNDS / 4);
		assertThat(orderIdByKey).as("keys acknowledged").hasSize(keys.get());
		assertThat(upstreams.ordersCreated() - before).as("orders created").isEqualTo(keys.get());
		assertThat(orderIdByKey.values()).doesNotHaveDuplicates();
	}

	private static void acknowledged(Map<String, String> orderIdByKey, String key, HttpResponse<String> answer) {
		Matcher id = ORDER_ID.matcher(answer.body());
		assertThat(id.find()).as("order id in %s", answer.body()).isTrue();
		String previous = orderIdByKey.putIfAbsent(key, id.group(1));
		assertThat(previous).as("order id for %s", key).isIn(null, id.group(1));
	}

	/** Sleeps for the answer's Retry-After (at most {@code longest}), or briefly when it gave none. */
	private static void waitAsAsked(HttpResponse<String> answer, Duration longest) {
		long seconds = answer == null ? 0
				: answer.headers().firstValue("Retry-After").map(Long::parseLong).orElse(0L);
		try {
			Thread.sleep(Math.min(longest.toMillis(), Math.max(50, seconds * 1000)));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static HttpResponse<String> record(HttpClient http, HttpRequest request,
			Map<Integer, AtomicInteger> statuses, AtomicLong slowest) {
		long started = System.nanoTime();
		try {
			HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
			statuses.computeIfAbsent(response.statusCode(), status -> new AtomicInteger()).incrementAndGet();
			return response;
		}
		catch (Exception ex) {
			statuses.computeIfAbsent(-1, status -> new AtomicInteger()).incrementAndGet();
			return null;
		}
		finally {
			slowest.accumulateAndGet(System.nanoTime() - started, Math::max);
		}
	}

	private HttpRequest.Builder read(String path) {
		return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
	}

	private HttpRequest orderRequest(String key) {
		return HttpRequest.newBuilder(uri("/partner/api/v1/orders"))
			.timeout(Duration.ofSeconds(30))
			.header("X-Api-Key", "acme-demo-key")
			.header("Idempotency-Key", key)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"lines\":[{\"sku\":\"SKU-1001\",\"quantity\":1}]}"))
			.build();
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

}
