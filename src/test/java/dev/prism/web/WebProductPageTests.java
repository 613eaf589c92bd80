package dev.prism.web;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.prism.testing.EndToEndTestSupport;
import tools.jackson.databind.JsonNode;

/**
 * The browser's product page over real HTTP against real upstream failures: composition, optional sections that fail
 * or miss the deadline, a required catalog that does, answers without cookies, and trace context to every call.
 */
class WebProductPageTests extends EndToEndTestSupport {

	private void stubHealthyPage() {
		stubProducts(List.of("SKU-1001"));
		stubCatalogBatch(List.of("SKU-1002", "SKU-1003"));
		stubPrices(Map.of("SKU-1001", "89.90", "SKU-1002", "49.00"));
		stubStock(Map.of("SKU-1001", "IN_STOCK", "SKU-1002", "LOW_STOCK", "SKU-1003", "OUT_OF_STOCK"));
		stubReviews("SKU-1001");
		stubRecommendations(List.of("SKU-1002", "SKU-1003"));
	}

	@Test
	void composesTheWholePageWithBatchedRecommendations() {
		stubHealthyPage();

		HttpResponse<String> response = get("/web/api/products/SKU-1001");

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode page = body(response);
		assertThat(page.get("name").asText()).isEqualTo("Product SKU-1001");
		assertThat(page.get("price").get("amount").asText()).isEqualTo("89.90");
		assertThat(page.get("availability").get("status").asText()).isEqualTo("IN_STOCK");
		assertThat(page.get("rating").get("count").asInt()).isEqualTo(87);
		assertThat(page.get("topReviews")).hasSize(1);
		assertThat(page.get("recommendations")).hasSize(2);
		JsonNode first = page.get("recommendations").get(0);
		assertThat(first.get("name").asText()).isEqualTo("Product SKU-1002");
		assertThat(first.get("thumbnail").asText()).isEqualTo("https://img.example/SKU-1002/main.jpg?w=480");
		assertThat(first.get("price").get("amount").asText()).isEqualTo("49.00");
		assertThat(page.get("recommendations").get(1).get("price").isNull()).isTrue();
		assertThat(page.get("degraded")).isEmpty();
		assertThat(response.headers().firstValue("Cache-Control")).hasValueSatisfying(
				value -> assertThat(value).contains("public").contains("max-age=30"));
		// One batch call for the recommendations' products, never one per product.
		upstreams.verify(1, getRequestedFor(urlPathEqualTo("/catalog/products")));
		upstreams.verify(2, getRequestedFor(urlPathEqualTo("/pricing/prices")));
	}

	@Test
	void optionalSectionsThatFailAreLeftOutAndNamed() {
		stubHealthyPage();
		stubDown("reviews", "/products/SKU-1001/reviews");
		stubDown("recommendations", "/recommendations");
		stubDown("inventory", "/availability");

		HttpResponse<String> response = get("/web/api/products/SKU-1001");

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode page = body(response);
		assertThat(page.get("degraded")).extracting(JsonNode::asText)
			.containsExactly("availability", "reviews", "recommendations");
		assertThat(page.get("price").get("amount").asText()).isEqualTo("89.90");
		assertThat(page.has("topReviews")).isFalse();
		assertThat(response.headers().firstValue("Cache-Control")).hasValueSatisfying(
				value -> assertThat(value).doesNotContain("max-age=30"));
		assertThat(response.body()).doesNotContain("db-7.internal");
	}

	@Test
	void aCatalogThatMissesTheDeadlineIs504() {
		// Given a catalog that answers after 10 s, five times the web deadline (2 s)
		stubHealthyPage();
		upstreams.stubFor(getPath("catalog", "/products/SKU-1001").atPriority(1)
			.willReturn(aResponse().withFixedDelay(10_000).withStatus(200)));

		long started = System.nanoTime();
		HttpResponse<String> response = get("/web/api/products/SKU-1001");
		Duration took = Duration.ofNanos(System.nanoTime() - started);

		// Then the page is a 504, long before the catalog answers
		assertThat(response.statusCode()).isEqualTo(504);
		assertThat(body(response).get("type").asText()).isEqualTo("urn:prism:problem:upstream-timeout");
		assertThat(took).as("did not wait for the 10 s answer").isLessThan(Duration.ofSeconds(8));
	}

	@Test
	void publicAnswersSetNoCookies() {
		stubHealthyPage();
		stubCatalogPages(List.of("SKU-1001"), 20);

		for (String path : List.of("/web/api/products/SKU-1001", "/web/api/products?q=x")) {
			HttpResponse<String> response = get(path);
			assertThat(response.statusCode()).as(path).isEqualTo(200);
			assertThat(response.headers().firstValue("Cache-Control")).as(path)
				.hasValueSatisfying(value -> assertThat(value).contains("public"));
			// A shared cache must never store (or replay) somebody's cookie.
			assertThat(response.headers().allValues("Set-Cookie")).as(path).isEmpty();
		}
	}

	@Test
	void aSlowOptionalSectionMissesTheDeadlineAndIsDegraded() {
		// Given reviews that answer after 10 s, five times the web deadline (2 s)
		stubHealthyPage();
		upstreams.stubFor(getPath("reviews", "/products/SKU-1001/reviews").atPriority(1)
			.willReturn(aResponse().withFixedDelay(10_000).withStatus(200)));

		long started = System.nanoTime();
		HttpResponse<String> response = get("/web/api/products/SKU-1001");
		Duration took = Duration.ofNanos(System.nanoTime() - started);

		// Then the page comes without them, long before they answer
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(body(response).get("degraded")).extracting(JsonNode::asText).containsExactly("reviews");
		assertThat(body(response).get("price").get("amount").asText()).isEqualTo("89.90");
		assertThat(took).as("did not wait for the 10 s answer").isLessThan(Duration.ofSeconds(8));
	}

	@Test
	void aDeadCatalogIs503WithoutRevealingWhy() {
		stubHealthyPage();
		stubDown("catalog", "/products/SKU-1001");
		HttpResponse<String> down = get("/web/api/products/SKU-1001");
		assertThat(down.statusCode()).isEqualTo(503);
		assertThat(down.headers().firstValue("Retry-After")).isPresent();
		assertThat(body(down).get("type").asText()).isEqualTo("urn:prism:problem:upstream-unavailable");
		assertThat(down.body()).doesNotContain("127.0.0.1").doesNotContain("db-7").doesNotContain("Exception");
	}

	@Test
	void theCallersTraceAndRequestIdReachEveryUpstreamCallIncludingParallelOnes() {
		stubHealthyPage();
		String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";

		HttpResponse<String> response = get("/web/api/products/SKU-1001", "traceparent",
				"00-" + traceId + "-00f067aa0ba902b7-01", "X-Request-Id", "trace-test-1");

		assertThat(response.statusCode()).isEqualTo(200);
		var calls = upstreams.getAllServeEvents();
		assertThat(calls).hasSizeGreaterThanOrEqualTo(7);
		assertThat(calls).allSatisfy(call -> {
			assertThat(call.getRequest().getHeader("traceparent")).startsWith("00-" + traceId + "-")
				.doesNotContain("00f067aa0ba902b7");
			assertThat(call.getRequest().getHeader("X-Request-Id")).isEqualTo("trace-test-1");
		});
	}

}
