package dev.prism;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.prism.testing.EndToEndTestSupport;
import dev.prism.testing.TestTokens;

/** No caller's request changes what another caller gets, on any channel. */
class CallerIsolationTests extends EndToEndTestSupport {

	private static final List<String> SKUS = List.of("SKU-1001", "SKU-1002", "SKU-1003");

	@Test
	void aSearchForTheTextNullEmptiesTheCatalogForNobody() {
		// Given a catalog whose search for the text "null" finds nothing
		upstreams.stubFor(getPath("catalog", "/products").willReturn(okJson(toJson(Map.of("items",
				SKUS.stream().map(EndToEndTestSupport::product).toList(), "page", 0, "size", 20, "total", 3)))));
		upstreams.stubFor(getPath("catalog", "/products").withQueryParam("q", equalTo("null"))
			.atPriority(1)
			.willReturn(okJson(toJson(Map.of("items", List.of(), "page", 0, "size", 20, "total", 0)))));
		stubPrices(Map.of("SKU-1001", "10.00", "SKU-1002", "20.00", "SKU-1003", "30.00"));
		stubStock(Map.of("SKU-1001", "IN_STOCK", "SKU-1002", "IN_STOCK", "SKU-1003", "LOW_STOCK"));

		// When an anonymous caller searches for it
		assertThat(body(get("/web/api/products?q=null")).get("items")).isEmpty();

		// Then every other caller still gets the whole catalog, on every channel
		assertThat(body(get("/web/api/products")).get("items")).hasSize(3);
		assertThat(body(get("/web/api/products?page=0")).get("items")).hasSize(3);
		assertThat(body(get("/mobile/api/feed", "Authorization", TestTokens.bearer(TestTokens.mobile("c-1001"))))
			.get("items")).hasSize(3);
		assertThat(body(get("/mobile/api/feed?limit=20",
				"Authorization", TestTokens.bearer(TestTokens.mobile("c-1001")))).get("items")).hasSize(3);
		assertThat(body(get("/partner/api/v1/products?pageSize=20", "X-Api-Key", "acme-demo-key")).get("items"))
			.hasSize(3);
	}

}
