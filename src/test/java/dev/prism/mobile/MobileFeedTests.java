package dev.prism.mobile;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;

import dev.prism.testing.EndToEndTestSupport;
import dev.prism.testing.TestTokens;
import tools.jackson.databind.JsonNode;

/**
 * The app over real HTTP: the whole feed by cursor, compressed answers, payloads against the web's, an order placed
 * once per key, the demo token, and walls against the other channels' credentials.
 */
class MobileFeedTests extends EndToEndTestSupport {

	private final String alice = TestTokens.bearer(TestTokens.mobile("c-1001"));

	private static final List<String> SKUS = IntStream.range(0, 47).mapToObj(i -> "SKU-" + (2000 + i)).toList();

	private void stubCatalogOf47() {
		stubCatalogPages(SKUS, 10);
		stubCatalogPages(SKUS, 20);
		Map<String, String> prices = new HashMap<>();
		Map<String, String> stock = new HashMap<>();
		SKUS.forEach(sku -> {
			prices.put(sku, "10.00");
			stock.put(sku, "IN_STOCK");
		});
		stubPrices(prices);
		stubStock(stock);
	}

	@Test
	void pagingVisitsEveryProductExactlyOnce() {
		stubCatalogOf47();
		List<String> seen = new ArrayList<>();
		String cursor = null;
		int pages = 0;
		do {
			String path = "/mobile/api/feed?limit=10" + (cursor == null ? ""
					: "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
			JsonNode feed = body(get(path, "Authorization", this.alice));
			feed.get("items").forEach(item -> seen.add(item.get("sku").asText()));
			cursor = feed.has("nextCursor") ? feed.get("nextCursor").asText() : null;
			pages++;
		}
		while (cursor != null && pages < 20);

		assertThat(pages).isEqualTo(5);
		assertThat(seen).containsExactlyElementsOf(SKUS);
	}

	@Test
	void largeAnswersAreGzippedWhenTheAppAcceptsIt() throws IOException {
		stubCatalogOf47();
		HttpResponse<byte[]> response = sendBytes(HttpRequest.newBuilder(uri("/mobile/api/feed?limit=20"))
			.header("Authorization", this.alice)
			.header("Accept-Encoding", "gzip")
			.build());

		assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
		String json = new String(new GZIPInputStream(new ByteArrayInputStream(response.body())).readAllBytes(),
				StandardCharsets.UTF_8);
		assertThat(json).contains("\"items\"");
		assertThat(response.body().length).isLessThan(json.length());
	}

	@Test
	void theMobileProductIsWellUnderHalfTheWebProductPage() {
		stubProducts(List.of("SKU-1001"));
		stubCatalogBatch(List.of("SKU-1002", "SKU-1003", "SKU-1004", "SKU-1005"));
		stubPrices(Map.of("SKU-1001", "89.90", "SKU-1002", "49.00", "SKU-1003", "19.00", "SKU-1004", "9.00"));
		stubStock(Map.of("SKU-1001", "IN_STOCK", "SKU-1002", "IN_STOCK"));
		stubReviews("SKU-1001");
		stubRecommendations(List.of("SKU-1002", "SKU-1003", "SKU-1004", "SKU-1005"));

		int mobile = get("/mobile/api/products/SKU-1001", "Authorization", this.alice).body().length();
		int web = get("/web/api/products/SKU-1001").body().length();

		assertThat(mobile).isLessThan(web / 2);
	}

	@Test
	void ordersArePlacedForTheTokensSubjectOncePerKey() {
		upstreams.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlPathEqualTo("/orders/orders"))
			.willReturn(aResponse().withStatus(201)
				.withHeader("Content-Type", "application/json")
				.withBody(toJson(Map.of("id", "o-9", "customerId", "c-1001", "status", "PLACED", "lines",
						List.of(Map.of("sku", "SKU-1001", "quantity", 1, "unitPrice", "89.90")), "total",
						Map.of("currency", "EUR", "amount", "89.90"))))));
		String order = "{\"lines\":[{\"sku\":\"SKU-1001\",\"quantity\":1}]}";

		HttpResponse<String> first = post("/mobile/api/orders", order, "Authorization", this.alice,
				"Idempotency-Key", "tap-1");
		HttpResponse<String> again = post("/mobile/api/orders", order, "Authorization", this.alice,
				"Idempotency-Key", "tap-1");

		assertThat(first.statusCode()).isEqualTo(201);
		assertThat(body(first).get("id").asText()).isEqualTo("o-9");
		assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		upstreams.verify(1, postRequestedFor(urlPathEqualTo("/orders/orders"))
			.withHeader("Idempotency-Key", equalTo("c-1001:tap-1"))
			.withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("\"channel\":\"mobile\"")));
	}

	@Test
	void theDemoTokenEndpointMintsATokenTheChannelAccepts() {
		stubProduct("SKU-1001");
		stubPrices(Map.of());
		stubStock(Map.of());
		stubReviews("SKU-1001");
		HttpResponse<String> minted = post("/demo/mobile-token", "{\"customerId\":\"c-1002\"}");
		assertThat(minted.statusCode()).isEqualTo(200);
		String token = body(minted).get("accessToken").asText();

		assertThat(get("/mobile/api/products/SKU-1001", "Authorization", "Bearer " + token).statusCode())
			.isEqualTo(200);
		assertThat(post("/demo/mobile-token", "{\"customerId\":\"c-9\"}").statusCode()).isEqualTo(400);
	}

	@Test
	void webSessionsAndPartnerKeysOpenNothingHere() {
		assertThat(get("/mobile/api/me", "X-Api-Key", "acme-demo-key").statusCode()).isEqualTo(401);
		assertThat(get("/mobile/api/me", "Authorization", "Basic YWxpY2U6d29uZGVybGFuZA==").statusCode())
			.isEqualTo(401);
		assertThat(get("/mobile/api/me", "Cookie", "PRISM_SESSION=ABCDEF").statusCode()).isEqualTo(401);
		assertThat(get("/partner/api/v1/products/SKU-1001", "Authorization", this.alice).statusCode()).isEqualTo(401);
	}

	private HttpResponse<byte[]> sendBytes(HttpRequest request) {
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofByteArray());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
