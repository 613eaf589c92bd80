package dev.prism.partner;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.prism.testing.EndToEndTestSupport;
import tools.jackson.databind.JsonNode;

/** A partner's product over real HTTP: API keys, scopes, strictness and quota headers. */
class PartnerProductTests extends EndToEndTestSupport {

	static final String ACME = "acme-demo-key";

	static final String GLOBEX = "globex-demo-key";

	private void stubProductRecord() {
		stubProduct("SKU-1001");
		stubPrices(Map.of("SKU-1001", "89.90"));
		stubStock(Map.of("SKU-1001", "IN_STOCK"));
	}

	@Test
	void answersACompleteRecordWithQuotaHeaders() {
		stubProductRecord();

		HttpResponse<String> response = get("/partner/api/v1/products/SKU-1001", "X-Api-Key", ACME);

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode product = body(response);
		assertThat(product.get("price").get("amount").asText()).isEqualTo("89.90");
		assertThat(product.get("availability").get("status").asText()).isEqualTo("IN_STOCK");
		assertThat(product.get("images").get(0).asText()).isEqualTo("https://img.example/SKU-1001/main.jpg");
		assertThat(response.headers().firstValue("RateLimit-Limit")).hasValue("600");
		assertThat(response.headers().firstValue("RateLimit-Remaining")).isPresent();
		assertThat(response.headers().firstValue("RateLimit-Reset")).isPresent();
	}

	@Test
	void aSkuWithoutPriceIsNullNotAFailure() {
		stubProduct("SKU-1001");
		stubPrices(Map.of());
		stubStock(Map.of("SKU-1001", "IN_STOCK"));

		HttpResponse<String> response = get("/partner/api/v1/products/SKU-1001", "X-Api-Key", ACME);

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(body(response).get("price").isNull()).isTrue();
	}

	@Test
	void aMissingSectionIsA503WithRetryAfterNeverAPartialRecord() {
		stubProductRecord();
		stubDown("inventory", "/availability");

		HttpResponse<String> response = get("/partner/api/v1/products/SKU-1001", "X-Api-Key", ACME);

		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.headers().firstValue("Retry-After")).isPresent();
		assertThat(body(response).has("sku")).isFalse();
		assertThat(body(response).get("type").asText()).isEqualTo("urn:prism:problem:upstream-unavailable");
	}

	@Test
	void unknownOrMissingKeysAre401() {
		stubProductRecord();
		for (String[] headers : new String[][] { {}, { "X-Api-Key", "nope" }, { "X-Api-Key", ACME + "x" } }) {
			HttpResponse<String> response = get("/partner/api/v1/products/SKU-1001", headers);
			assertThat(response.statusCode()).isEqualTo(401);
			assertThat(response.headers().firstValue("WWW-Authenticate")).isPresent();
			assertThat(body(response).get("type").asText()).isEqualTo("urn:prism:problem:unauthorized");
		}
		assertThat(upstreams.getAllServeEvents()).isEmpty();
	}

	@Test
	void aKeyWithoutTheScopeIs403() {
		HttpResponse<String> response = get("/partner/api/v1/orders/o-1", "X-Api-Key", GLOBEX);

		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(body(response).get("type").asText()).isEqualTo("urn:prism:problem:forbidden");
	}

}
