package dev.prism.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Base of the end-to-end tests of every channel: Prism on a random port over real HTTP, every domain service stubbed
 * by one WireMock server (each under its own path, as base URLs may carry one), and helpers to stub the contract of
 * openapi/upstreams.yaml. Every answer is validated against the committed contract of its channel. All subclasses share
 * one Spring context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "prism.demo.upstreams.enabled=false", "prism.demo.identity-provider.enabled=false",
				"prism.mobile.jwt.secret=" + EndToEndTestSupport.JWT_SECRET,
				"prism.partner.page-token-secret=test-page-token-secret-0123456789abcdef",
				"prism.mobile.cursor-secret=test-cursor-secret-0123456789abcdef", "prism.partner.deadline=1500ms",
				"prism.mobile.bad-tokens.max-failures=1000",
				"prism.web.experiments.home-layout.variants=grid,carousel",
				"prism.web.experiments.home-layout.weights=50,50",
				"prism.mobile.experiments.feed-layout.variants=compact,cards",
				"prism.partner.clients.tiny.key-sha256=58fe07b10d8c4ced06aca5b0d341faa50862454abb6e65bd10b90e2a03fdbf6a",
				"prism.partner.clients.tiny.scopes=catalog:read",
				"prism.partner.clients.tiny.requests-per-minute=60",
				"prism.partner.clients.tiny.customer-id=c-1003" })
public abstract class EndToEndTestSupport {

	/** The HS256 secret the tests mint mobile tokens with. */
	public static final String JWT_SECRET = "test-secret-test-secret-test-secret-0123";

	public static final List<String> SERVICES = List.of("catalog", "pricing", "inventory", "reviews",
			"recommendations", "customers", "orders");

	protected static final WireMockServer upstreams = new WireMockServer(options().dynamicPort());

	protected static final JsonMapper json = JsonMapper.builder().build();

	/** Every answer it gets is held to the committed contract of its channel ({@link ContractValidation}). */
	protected final HttpClient http = ContractValidation
		.validating(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());

	static {
		upstreams.start();
	}

	@DynamicPropertySource
	static void upstreamBaseUrls(DynamicPropertyRegistry registry) {
		for (String service : SERVICES) {
			registry.add("prism.upstreams." + service + ".base-url", () -> upstreams.baseUrl() + "/" + service);
		}
	}

	@LocalServerPort
	protected int port;

	@Autowired
	private javax.cache.CacheManager upstreamCaches;

	@Autowired
	private io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry upstreamCircuitBreakers;

	/** Every test starts with empty stubs, empty caches and closed circuits. */
	@BeforeEach
	void resetUpstreams() {
		upstreams.resetAll();
		this.upstreamCaches.getCacheNames().forEach(name -> this.upstreamCaches.getCache(name).clear());
		this.upstreamCircuitBreakers.getAllCircuitBreakers()
			.forEach(io.github.resilience4j.circuitbreaker.CircuitBreaker::reset);
	}

	protected URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	protected HttpResponse<String> get(String path, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10));
		if (headers.length > 0) {
			request.headers(headers);
		}
		return send(request.build());
	}

	protected HttpResponse<String> post(String path, String body, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
			.timeout(Duration.ofSeconds(10))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (headers.length > 0) {
			request.headers(headers);
		}
		return send(request.build());
	}

	protected HttpResponse<String> send(HttpRequest request) {
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	protected static JsonNode body(HttpResponse<String> response) {
		return json.readTree(response.body());
	}

	// --- Stubs of the upstream contract ---

	/** A product as the catalog describes it. */
	public static Map<String, Object> product(String sku) {
		Map<String, Object> product = new LinkedHashMap<>();
		product.put("sku", sku);
		product.put("name", "Product " + sku);
		product.put("brand", "Northpeak");
		product.put("category", "shoes");
		product.put("description", "A long description of " + sku + " that phones do not need by default.");
		product.put("images", List.of(Map.of("url", "https://img.example/" + sku + "/main.jpg", "width", 1200,
				"height", 1200)));
		product.put("attributes", Map.of("color", "red"));
		product.put("updatedAt", "2026-11-01T10:00:00Z");
		return product;
	}

	public static Map<String, Object> price(String sku, String amount) {
		return Map.of("sku", sku, "currency", "EUR", "amount", amount, "listAmount", amount, "savingsPercent", 0);
	}

	public static Map<String, Object> stock(String sku, String status, int quantity) {
		return Map.of("sku", sku, "status", status, "quantity", quantity);
	}

	protected static String toJson(Object value) {
		return json.writeValueAsString(value);
	}

	protected static MappingBuilder getPath(String service, String path) {
		return com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo("/" + service + path));
	}

	protected static void stubProduct(String sku) {
		upstreams.stubFor(getPath("catalog", "/products/" + sku).willReturn(okJson(toJson(product(sku)))));
	}

	protected static void stubProducts(List<String> skus) {
		skus.forEach(EndToEndTestSupport::stubProduct);
	}

	/** The catalog's paged listing over {@code skus} (any page, size from the query). */
	protected static void stubCatalogPages(List<String> skus, int size) {
		for (int page = 0; page * size <= skus.size(); page++) {
			List<Map<String, Object>> items = skus.subList(Math.min(skus.size(), page * size),
					Math.min(skus.size(), (page + 1) * size)).stream().map(EndToEndTestSupport::product).toList();
			upstreams.stubFor(getPath("catalog", "/products")
				.withQueryParam("page", com.github.tomakehurst.wiremock.client.WireMock.equalTo(Integer.toString(page)))
				.withQueryParam("size", com.github.tomakehurst.wiremock.client.WireMock.equalTo(Integer.toString(size)))
				.willReturn(okJson(toJson(Map.of("items", items, "page", page, "size", size, "total", skus.size())))));
		}
	}

	/** The catalog's batch lookup, answering whichever of {@code skus} are asked for. */
	protected static void stubCatalogBatch(List<String> skus) {
		upstreams.stubFor(getPath("catalog", "/products")
			.withQueryParam("skus", com.github.tomakehurst.wiremock.client.WireMock.matching(".+"))
			.atPriority(1)
			.willReturn(okJson(toJson(Map.of("items", skus.stream().map(EndToEndTestSupport::product).toList(),
					"page", 0, "size", skus.size(), "total", skus.size())))));
	}

	protected static void stubPrices(Map<String, String> amounts) {
		List<Map<String, Object>> prices = new ArrayList<>();
		amounts.forEach((sku, amount) -> prices.add(price(sku, amount)));
		upstreams.stubFor(getPath("pricing", "/prices").willReturn(okJson(toJson(Map.of("prices", prices)))));
	}

	protected static void stubStock(Map<String, String> statuses) {
		List<Map<String, Object>> items = statuses.entrySet()
			.stream()
			.map(entry -> stock(entry.getKey(), entry.getValue(), entry.getValue().equals("OUT_OF_STOCK") ? 0 : 12))
			.collect(Collectors.toList());
		upstreams.stubFor(getPath("inventory", "/availability").willReturn(okJson(toJson(Map.of("items", items)))));
	}

	protected static void stubReviews(String sku) {
		upstreams.stubFor(getPath("reviews", "/products/" + sku + "/reviews").willReturn(okJson(toJson(Map.of("sku",
				sku, "averageRating", 4.4, "count", 87, "items",
				List.of(Map.of("id", "r-1", "author", "Dana", "rating", 5, "title", "Great", "body", "Loved it",
						"createdAt", "2026-10-01T08:00:00Z")))))));
	}

	protected static void stubRecommendations(List<String> skus) {
		upstreams.stubFor(getPath("recommendations", "/recommendations").willReturn(okJson(toJson(Map.of("skus", skus)))));
	}

	protected static void stubDown(String service, String path) {
		upstreams.stubFor(getPath(service, path).atPriority(1)
			.willReturn(aResponse().withStatus(503)
				.withHeader("Content-Type", "application/problem+json")
				.withBody("{\"status\":503,\"detail\":\"internal host db-7.internal is down\"}")));
	}

	protected static ResponseDefinitionBuilder problem(int status) {
		return aResponse().withStatus(status).withHeader("Content-Type", "application/problem+json")
			.withBody("{\"status\":" + status + "}");
	}

}
