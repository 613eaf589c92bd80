package dev.prism.partner;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.prism.testing.EndToEndTestSupport;
import tools.jackson.databind.JsonNode;

/**
 * The partner v1 contract over real HTTP: whole and compressed answers, the feed end to end, an order whose answer is
 * lost, quotas, keys kept out of the logs, and walls against the other channels' credentials.
 */
@ExtendWith(OutputCaptureExtension.class)
class PartnerChannelTests extends EndToEndTestSupport {

	static final String ACME = "acme-demo-key";

	static final List<String> SKUS = IntStream.range(0, 23).mapToObj(i -> "SKU-" + (3000 + i)).toList();

	private void stubFeed() {
		stubCatalogPages(SKUS, 5);
		stubCatalogPages(SKUS, 50);
		Map<String, String> prices = new HashMap<>();
		Map<String, String> stock = new HashMap<>();
		SKUS.forEach(sku -> {
			prices.put(sku, "12.50");
			stock.put(sku, "IN_STOCK");
		});
		stubPrices(prices);
		stubStock(stock);
	}

	private static String order(String id, String customer) {
		return toJson(Map.of("id", id, "customerId", customer, "status", "PLACED", "lines",
				List.of(Map.of("sku", "SKU-1001", "quantity", 2, "unitPrice", "89.90")), "total",
				Map.of("currency", "EUR", "amount", "179.80"), "createdAt", "2026-11-24T10:00:00Z"));
	}

	@Test
	void aSmallAnswerGoesOutWholeWithItsLengthAndUncompressedALargerOneCompressed() {
		stubFeed();
		HttpResponse<String> small = get("/partner/api/v1/availability?skus=SKU-3000", "X-Api-Key", ACME,
				"Accept-Encoding", "gzip");
		assertThat(small.statusCode()).isEqualTo(200);
		assertThat(small.headers().firstValue("Content-Length"))
			.hasValue(String.valueOf(small.body().getBytes(StandardCharsets.UTF_8).length));
		assertThat(small.headers().firstValue("Transfer-Encoding")).isEmpty();
		assertThat(small.headers().firstValue("Content-Encoding")).isEmpty();
		assertThat(body(small).get("items").get(0).get("sku").asText()).isEqualTo("SKU-3000");

		HttpResponse<String> larger = get("/partner/api/v1/products?pageSize=50", "X-Api-Key", ACME,
				"Accept-Encoding", "gzip");
		assertThat(larger.statusCode()).isEqualTo(200);
		assertThat(larger.headers().firstValue("Content-Encoding")).hasValue("gzip");
	}

	@Test
	void theFeedVisitsEveryProductExactlyOnceWithOneBatchCallPerPage() {
		stubFeed();
		List<String> seen = new ArrayList<>();
		String token = null;
		int pages = 0;
		do {
			String path = "/partner/api/v1/products?pageSize=5"
					+ (token == null ? "" : "&pageToken=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
			HttpResponse<String> response = get(path, "X-Api-Key", ACME);
			assertThat(response.statusCode()).isEqualTo(200);
			JsonNode page = body(response);
			page.get("items").forEach(item -> {
				seen.add(item.get("sku").asText());
				assertThat(item.get("price").get("amount").asText()).isEqualTo("12.50");
				assertThat(item.get("availability").get("status").asText()).isEqualTo("IN_STOCK");
			});
			token = page.has("nextPageToken") ? page.get("nextPageToken").asText() : null;
			pages++;
		}
		while (token != null && pages < 20);

		assertThat(seen).containsExactlyElementsOf(SKUS);
		assertThat(pages).isEqualTo(5);
		upstreams.verify(5, getRequestedFor(urlPathEqualTo("/pricing/prices")));
		upstreams.verify(5, getRequestedFor(urlPathEqualTo("/inventory/availability")));
	}

	@Test
	void anOrderWhoseUpstreamAnswerIsLostAfterCommitIsPlacedOnce() {
		// Given the orders service commits, then its answer is lost (503), then it answers the committed order
		upstreams.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlPathEqualTo("/orders/orders"))
			.inScenario("lost answer")
			.whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
			.willReturn(aResponse().withStatus(503))
			.willSetStateTo("committed"));
		upstreams.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlPathEqualTo("/orders/orders"))
			.inScenario("lost answer")
			.whenScenarioStateIs("committed")
			.willReturn(aResponse().withStatus(201)
				.withHeader("Content-Type", "application/json")
				.withBody(order("o-777", "c-1001"))));

		// When the partner places it once
		HttpResponse<String> placed = post("/partner/api/v1/orders", "{\"lines\":[{\"sku\":\"SKU-1001\",\"quantity\":2}]}",
				"X-Api-Key", ACME, "Idempotency-Key", "po-lost");

		// Then Prism retried with the same key and the partner got the one committed order
		assertThat(placed.statusCode()).isEqualTo(201);
		assertThat(body(placed).get("id").asText()).isEqualTo("o-777");
		upstreams.verify(2, postRequestedFor(urlPathEqualTo("/orders/orders"))
			.withHeader("Idempotency-Key", equalTo("acme:po-lost"))
			.withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("\"customerId\":\"c-1001\"")));
	}

	@Test
	void aQuotaRunsOutWith429AndRefills() throws InterruptedException {
		// Given the partner "tiny" may make 60 requests a minute: a bucket of 60, refilled by one a second
		HttpResponse<String> first = get("/partner/api/v1/availability?skus=bad!", "X-Api-Key", "tiny-test-key");
		assertThat(first.statusCode()).isEqualTo(400);
		assertThat(first.headers().firstValue("RateLimit-Limit")).hasValue("60");
		assertThat(first.headers().firstValue("RateLimit-Remaining")).hasValue("59");

		// When it asks on until it is told to wait: after the 60, and the one a second that refilled meanwhile
		// (however long the requests took)
		HttpResponse<String> last = first;
		HttpResponse<String> over = null;
		int allowed = 1;
		while (over == null && allowed < 300) {
			HttpResponse<String> answer = get("/partner/api/v1/availability?skus=bad!", "X-Api-Key", "tiny-test-key");
			if (answer.statusCode() == 429) {
				over = answer;
			}
			else {
				assertThat(answer.statusCode()).isEqualTo(400);
				allowed++;
				last = answer;
			}
		}
		assertThat(over).as("a 429 among 300 requests").isNotNull();
		assertThat(allowed).isGreaterThanOrEqualTo(60);
		assertThat(last.headers().firstValue("RateLimit-Remaining")).hasValue("0");
		assertThat(over.headers().firstValue("Retry-After")).hasValue("1");
		assertThat(over.headers().firstValue("RateLimit-Limit")).hasValue("60");
		assertThat(body(over).get("type").asText()).isEqualTo("urn:prism:problem:quota-exceeded");
		// Other partners are not affected
		assertThat(get("/partner/api/v1/availability?skus=bad!", "X-Api-Key", ACME).statusCode()).isEqualTo(400);

		// Then after waiting as it was told, it may go on
		Thread.sleep(Duration.ofSeconds(Long.parseLong(over.headers().firstValue("Retry-After").orElseThrow())).toMillis());
		assertThat(get("/partner/api/v1/availability?skus=bad!", "X-Api-Key", "tiny-test-key").statusCode())
			.isEqualTo(400);
	}

	@Test
	void keysAreNeverLogged(CapturedOutput output) {
		stubProduct("SKU-1001");
		stubPrices(Map.of("SKU-1001", "1.00"));
		stubStock(Map.of("SKU-1001", "IN_STOCK"));
		get("/partner/api/v1/products/SKU-1001", "X-Api-Key", ACME);
		get("/partner/api/v1/products/SKU-1001", "X-Api-Key", "wrong-secret-key-123");

		assertThat(output.getAll()).doesNotContain(ACME).doesNotContain("wrong-secret-key-123");
		assertThat(output.getAll()).contains("GET /partner/api/v1/products/SKU-1001");
	}

	@Test
	void webSessionsAndMobileTokensOpenNothingHere() {
		assertThat(get("/partner/api/v1/products/SKU-1001", "Authorization", "Basic YWNtZTphY21l").statusCode())
			.isEqualTo(401);
		assertThat(get("/partner/api/v1/products/SKU-1001", "Cookie", "PRISM_SESSION=123").statusCode()).isEqualTo(401);
		assertThat(get("/web/api/account", "X-Api-Key", ACME).statusCode()).isEqualTo(401);
		assertThat(get("/mobile/api/me", "X-Api-Key", ACME).statusCode()).isEqualTo(401);
	}

}
