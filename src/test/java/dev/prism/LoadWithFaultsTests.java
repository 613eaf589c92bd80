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

/**
 * A bounded load (about ten seconds, loopback only) of mixed traffic on all channels while pricing flaps and a fifth
 * of the orders service's answers are lost after it committed: no 5xx but the designed 502/503/504, no answer later
 * than the deadline plus a wide margin, and every order placed exactly once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "prism.demo.upstreams.enabled=false", "prism.partner.clients.acme.requests-per-minute=100000000",
				"prism.upstreams.pricing.cache.ttl=0s", "prism.upstreams.inventory.cache.ttl=0s" })
class LoadWithFaultsTests {

	static final DemoUpstreams upstreams = DemoUpstreams.start("127.0.0.1", 0, Duration.ofMillis(5));

	static final Duration RUN = Duration.ofSeconds(8);

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
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		String token = http
			.send(HttpRequest.newBuilder(uri("/demo/mobile-token"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"customerId\":\"c-1001\"}"))
				.build(), HttpResponse.BodyHandlers.ofString())
			.body()
			.replaceAll(".*\"accessToken\":\"([^\"]+)\".*", "$1");
		int before = upstreams.ordersCreated();
		Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
		Map<String, String> orderIdByKey = new ConcurrentHashMap<>();
		AtomicLong slowest = new AtomicLong();
		AtomicInteger keys = new AtomicInteger();
		long until = System.nanoTime() + RUN.toNanos();

		ExecutorService clients = Executors.newFixedThreadPool(12);
		List<Future<?>> running = new ArrayList<>();
		for (int c = 0; c < 12; c++) {
			int client = c;
			running.add(clients.submit(() -> {
				int i = 0;
				while (System.nanoTime() < until) {
					i++;
					HttpRequest request = switch ((client + i) % 4) {
						case 0 -> HttpRequest.newBuilder(uri("/web/api/products/SKU-10" + (10 + i % 50))).build();
						case 1 -> HttpRequest.newBuilder(uri("/mobile/api/products/SKU-10" + (10 + i % 50)))
							.header("Authorization", "Bearer " + token)
							.build();
						case 2 -> HttpRequest.newBuilder(uri("/partner/api/v1/products/SKU-10" + (10 + i % 50)))
							.header("X-Api-Key", "acme-demo-key")
							.build();
						default -> null;
					};
					if (request != null) {
						record(http, request, statuses, slowest);
						continue;
					}
					// An order, retried by the client with the same key until it is acknowledged.
					String key = "load-" + keys.incrementAndGet();
					for (int attempt = 0; attempt < 6; attempt++) {
						HttpResponse<String> answer = record(http, HttpRequest.newBuilder(uri("/partner/api/v1/orders"))
							.header("X-Api-Key", "acme-demo-key")
							.header("Idempotency-Key", key)
							.header("Content-Type", "application/json")
							.POST(HttpRequest.BodyPublishers.ofString("{\"lines\":[{\"sku\":\"SKU-1001\",\"quantity\":1}]}"))
							.build(), statuses, slowest);
						if (answer != null && answer.statusCode() == 201) {
							Matcher id = ORDER_ID.matcher(answer.body());
							assertThat(id.find()).isTrue();
							String previous = orderIdByKey.putIfAbsent(key, id.group(1));
							assertThat(previous == null || previous.equals(id.group(1))).isTrue();
							break;
						}
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

		int total = statuses.values().stream().mapToInt(AtomicInteger::get).sum();
		assertThat(total).as("requests made").isGreaterThan(200);
		statuses.forEach((status, count) -> assertThat(status).as("status %s (%s times)", status, count)
			.isIn(200, 201, 502, 503, 504));
		assertThat(statuses.get(200).get()).isGreaterThan(total / 3);
		assertThat(Duration.ofNanos(slowest.get())).as("slowest answer").isLessThan(Duration.ofSeconds(6));
		// Every acknowledged order exists exactly once: as many orders were created as keys were acknowledged.
		assertThat(orderIdByKey).hasSizeGreaterThan(10);
		assertThat(upstreams.ordersCreated() - before).isEqualTo(orderIdByKey.size());
		assertThat(orderIdByKey.values()).doesNotHaveDuplicates();
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

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

}
