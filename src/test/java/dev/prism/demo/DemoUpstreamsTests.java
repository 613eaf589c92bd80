package dev.prism.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The demo upstreams honour DESIGN.md section 2: shapes, batch lookups, errors, exactly-once orders and faults. */
class DemoUpstreamsTests {

	static DemoUpstreams demo;

	static final HttpClient http = HttpClient.newHttpClient();

	static final JsonMapper json = JsonMapper.builder().build();

	@BeforeAll
	static void start() {
		demo = DemoUpstreams.start();
	}

	@AfterAll
	static void stop() {
		demo.close();
	}

	@AfterEach
	void clearFaults() {
		demo.clearFaults();
	}

	static HttpResponse<String> get(String service, String path) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create(demo.baseUrl(service) + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	static HttpResponse<String> post(String key, String body) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(demo.baseUrl("orders") + "/orders"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (key != null) {
			request.header("Idempotency-Key", key);
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	static JsonNode body(HttpResponse<String> response) {
		return json.readTree(response.body());
	}

	@Test
	void theCatalogHasAtLeastSixtyProductsOverSeveralCategoriesAndPages() throws Exception {
		JsonNode first = body(get("catalog", "/products?page=0&size=20"));
		assertThat(first.get("total").asInt()).isGreaterThanOrEqualTo(60);
		assertThat(first.get("size").asInt()).isEqualTo(20);
		assertThat(first.get("items")).hasSize(20);
		JsonNode product = first.get("items").get(0);
		assertThat(product.get("sku").asText()).isEqualTo("SKU-1001");
		assertThat(product.get("images").get(0).get("url").asText()).isEqualTo("https://img.example/SKU-1001/main.jpg");
		assertThat(product.has("name") && product.has("brand") && product.has("category") && product.has("description")
				&& product.has("attributes") && product.has("updatedAt")).isTrue();

		Set<String> seen = new HashSet<>();
		int total = first.get("total").asInt();
		for (int page = 0; page * 20 < total; page++) {
			body(get("catalog", "/products?page=" + page + "&size=20")).get("items")
				.forEach(item -> seen.add(item.get("sku").asText()));
		}
		assertThat(seen).hasSize(total);
		assertThat(body(get("catalog", "/products?category=tents")).get("items"))
			.allSatisfy(item -> assertThat(item.get("category").asText()).isEqualTo("tents"));
	}

	@Test
	void batchLookupsAnswerOnlyKnownSkus() throws Exception {
		assertThat(body(get("catalog", "/products?skus=SKU-1001,SKU-9999,SKU-1002")).get("items")).hasSize(2);
		JsonNode prices = body(get("pricing", "/prices?skus=SKU-1001,SKU-9999")).get("prices");
		assertThat(prices).hasSize(1);
		assertThat(prices.get(0).get("amount").asText()).matches("\\d+\\.\\d{2}");
		assertThat(prices.get(0).get("currency").asText()).isEqualTo("EUR");
		JsonNode stock = body(get("inventory", "/availability?skus=SKU-1001,SKU-1002")).get("items");
		assertThat(stock).hasSize(2);
		assertThat(stock.get(0).get("status").asText()).isIn("IN_STOCK", "LOW_STOCK", "OUT_OF_STOCK");
	}

	@Test
	void someSkusHaveNoPrice() {
		long unpriced = demo.catalog().skus().stream().filter(sku -> demo.catalog().price(sku) == null).count();
		assertThat(unpriced).isBetween(1L, 3L);
	}

	@Test
	void singleResourcesAndTheirErrorsAreProblemDetails() throws Exception {
		assertThat(get("catalog", "/products/SKU-1001").statusCode()).isEqualTo(200);
		HttpResponse<String> missing = get("catalog", "/products/SKU-9999");
		assertThat(missing.statusCode()).isEqualTo(404);
		assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(body(get("customers", "/customers/c-1001")).get("name").asText()).isEqualTo("Alice Example");
		assertThat(get("customers", "/customers/c-404").statusCode()).isEqualTo(404);
		JsonNode reviews = body(get("reviews", "/products/SKU-1001/reviews?limit=2"));
		assertThat(reviews.get("items").size()).isLessThanOrEqualTo(2);
		assertThat(body(get("recommendations", "/recommendations?sku=SKU-1001&limit=4")).get("skus")).hasSize(4);
		assertThat(body(get("orders", "/customers/c-1001/orders?limit=10")).get("items")).isNotEmpty();
	}

	@Test
	void theSameKeyAndBodyAnswerTheSameOrderAndAnotherBodyIsRejected() throws Exception {
		int before = demo.ordersCreated();
		String order = "{\"customerId\":\"c-1001\",\"channel\":\"web\",\"lines\":[{\"sku\":\"SKU-1001\",\"quantity\":2}]}";

		HttpResponse<String> first = post("c-1001:same-key", order);
		HttpResponse<String> again = post("c-1001:same-key", order);

		assertThat(first.statusCode()).isEqualTo(201);
		assertThat(again.statusCode()).isEqualTo(201);
		assertThat(body(again).get("id")).isEqualTo(body(first).get("id"));
		assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(demo.ordersCreated()).isEqualTo(before + 1);
		JsonNode placed = body(first);
		assertThat(placed.get("status").asText()).isEqualTo("PLACED");
		assertThat(placed.get("total").get("amount").asText()).matches("\\d+\\.\\d{2}");
		assertThat(body(get("orders", "/orders/" + placed.get("id").asText())).get("id")).isEqualTo(placed.get("id"));

		HttpResponse<String> other = post("c-1001:same-key", order.replace("\"quantity\":2", "\"quantity\":3"));
		assertThat(other.statusCode()).isEqualTo(422);
		assertThat(demo.ordersCreated()).isEqualTo(before + 1);
	}

	@Test
	void manyConcurrentRequestsWithOneKeyCreateOneOrder() throws Exception {
		int before = demo.ordersCreated();
		String order = "{\"customerId\":\"c-1002\",\"channel\":\"partner\",\"lines\":[{\"sku\":\"SKU-1003\",\"quantity\":1}]}";
		ExecutorService pool = Executors.newFixedThreadPool(16);
		try {
			List<Callable<String>> calls = new ArrayList<>();
			for (int i = 0; i < 50; i++) {
				calls.add(() -> body(post("acme:race", order)).get("id").asText());
			}
			Set<String> ids = new HashSet<>();
			for (Future<String> id : pool.invokeAll(calls)) {
				ids.add(id.get());
			}
			assertThat(ids).hasSize(1);
			assertThat(demo.ordersCreated()).isEqualTo(before + 1);
		}
		finally {
			pool.shutdown();
		}
	}

	@Test
	void ordersAreValidated() throws Exception {
		String valid = "{\"customerId\":\"c-1001\",\"channel\":\"web\",\"lines\":[{\"sku\":\"SKU-1001\",\"quantity\":1}]}";
		assertThat(post(null, valid).statusCode()).isEqualTo(400);
		assertThat(post("k-bad-json", "{nope").statusCode()).isEqualTo(400);
		assertThat(post("k-sku", valid.replace("SKU-1001", "SKU-9999")).statusCode()).isEqualTo(422);
		assertThat(post("k-qty", valid.replace("\"quantity\":1", "\"quantity\":100")).statusCode()).isEqualTo(422);
		assertThat(post("k-customer", valid.replace("c-1001", "c-404")).statusCode()).isEqualTo(422);
	}

	@Test
	void injectedFaultsAnswerAsConfigured() throws Exception {
		demo.fault("pricing", DemoFaults.Fault.down());
		assertThat(get("pricing", "/prices?skus=SKU-1001").statusCode()).isEqualTo(503);

		demo.fault("pricing", new DemoFaults.Fault(DemoFaults.Mode.GARBAGE, Duration.ZERO, 0));
		HttpResponse<String> garbage = get("pricing", "/prices?skus=SKU-1001");
		assertThat(garbage.statusCode()).isEqualTo(200);
		assertThatThrownBy(() -> json.readTree(garbage.body())).isInstanceOf(RuntimeException.class);

		demo.fault("pricing", new DemoFaults.Fault(DemoFaults.Mode.RESET, Duration.ZERO, 0));
		assertThatThrownBy(() -> get("pricing", "/prices?skus=SKU-1001")).isInstanceOf(IOException.class);

		demo.fault("pricing", DemoFaults.Fault.slow(Duration.ofMillis(300)));
		long started = System.nanoTime();
		assertThat(get("pricing", "/prices?skus=SKU-1001").statusCode()).isEqualTo(200);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));

		assertThat(get("catalog", "/products/SKU-1001").statusCode()).isEqualTo(200);
	}

	@Test
	void faultsCanBeFlippedOverTheAdminApi() throws Exception {
		HttpResponse<String> set = http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + demo.port() + "/__admin/faults/inventory"))
					.PUT(HttpRequest.BodyPublishers.ofString("{\"mode\":\"down\"}"))
					.build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(set.statusCode()).isEqualTo(204);
		assertThat(get("inventory", "/availability?skus=SKU-1001").statusCode()).isEqualTo(503);

		http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + demo.port() + "/__admin/faults"))
			.DELETE()
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(get("inventory", "/availability?skus=SKU-1001").statusCode()).isEqualTo(200);

		JsonNode stats = json.readTree(http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + demo.port() + "/__admin/stats")).build(),
				HttpResponse.BodyHandlers.ofString()).body());
		assertThat(stats.get("products").asInt()).isGreaterThanOrEqualTo(60);
		assertThat(stats.has("ordersCreated")).isTrue();
	}

	@Test
	void theDataIsTheSameOnEveryStart() {
		try (DemoUpstreams another = DemoUpstreams.start()) {
			assertThat(another.catalog().skus()).isEqualTo(demo.catalog().skus());
			assertThat(another.catalog().price("SKU-1001")).isEqualTo(demo.catalog().price("SKU-1001"));
			assertThat((Map<String, Object>) another.catalog().product("SKU-1010"))
				.isEqualTo(demo.catalog().product("SKU-1010"));
		}
	}

}
