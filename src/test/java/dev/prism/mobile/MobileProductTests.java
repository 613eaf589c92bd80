package dev.prism.mobile;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;

import org.junit.jupiter.api.Test;

import dev.prism.testing.EndToEndTestSupport;
import dev.prism.testing.TestTokens;
import tools.jackson.databind.JsonNode;

/** The app's product screen over real HTTP: compact shape, ETags, app versions and bad tokens. */
class MobileProductTests extends EndToEndTestSupport {

	private final String alice = TestTokens.bearer(TestTokens.mobile("c-1001"));

	private void stubProductScreen() {
		stubProduct("SKU-1001");
		stubPrices(Map.of("SKU-1001", "89.90"));
		stubStock(Map.of("SKU-1001", "LOW_STOCK"));
		stubReviews("SKU-1001");
	}

	@Test
	void answersACompactProductWithAFormattedPrice() {
		stubProductScreen();

		HttpResponse<String> response = get("/mobile/api/products/SKU-1001", "Authorization", this.alice);

		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode product = body(response);
		assertThat(product.get("price").asText()).isEqualTo("€89.90");
		assertThat(product.get("thumbnail").asText()).isEqualTo("https://img.example/SKU-1001/main.jpg?w=240");
		assertThat(product.get("inStock").asBoolean()).isTrue();
		assertThat(product.get("rating").asDouble()).isEqualTo(4.4);
		assertThat(product.has("description")).isFalse();
		assertThat(product.has("degraded")).isFalse();
		assertThat(response.headers().firstValue("Cache-Control")).hasValueSatisfying(
				value -> assertThat(value).contains("private"));
		assertThat(response.headers().firstValue("Set-Cookie")).isEmpty();

		JsonNode withDescription = body(
				get("/mobile/api/products/SKU-1001?include=description", "Authorization", this.alice));
		assertThat(withDescription.get("description").asText()).startsWith("A long description");
	}

	@Test
	void anAppsRepeatedTokenIsVerifiedOnceAndTheTokenCacheIsMetered() {
		stubProductScreen();
		String token = TestTokens.bearer(TestTokens.mobile("c-1001"));
		double hits = tokenCacheGets("hit");
		double misses = tokenCacheGets("miss");

		for (int request = 0; request < 3; request++) {
			assertThat(get("/mobile/api/products/SKU-1001", "Authorization", token).statusCode()).isEqualTo(200);
		}

		assertThat(tokenCacheGets("miss") - misses).isEqualTo(1);
		assertThat(tokenCacheGets("hit") - hits).isEqualTo(2);
	}

	private double tokenCacheGets(String result) {
		String admin = "Basic " + Base64.getEncoder().encodeToString("admin:admin-demo".getBytes(StandardCharsets.UTF_8));
		String metrics = get("/actuator/prometheus", "Authorization", admin).body();
		Matcher gets = java.util.regex.Pattern
			.compile("cache_gets_total\\{(?=[^}]*cache=\"prism.mobile.tokens\")(?=[^}]*result=\"" + result
					+ "\")[^}]*\\} (\\S+)")
			.matcher(metrics);
		assertThat(gets.find()).as("cache_gets_total of prism.mobile.tokens, " + result).isTrue();
		return Double.parseDouble(gets.group(1));
	}

	@Test
	void anUnchangedProductIsA304WithoutABody() {
		stubProductScreen();
		HttpResponse<String> first = get("/mobile/api/products/SKU-1001", "Authorization", this.alice);
		String etag = first.headers().firstValue("ETag").orElseThrow();

		HttpResponse<String> again = get("/mobile/api/products/SKU-1001", "Authorization", this.alice,
				"If-None-Match", etag);

		assertThat(again.statusCode()).isEqualTo(304);
		assertThat(again.body()).isEmpty();
	}

	@Test
	void optionalSectionsDegradeButTheProductAnswers() {
		stubProductScreen();
		stubDown("pricing", "/prices");

		JsonNode product = body(get("/mobile/api/products/SKU-1001", "Authorization", this.alice));

		assertThat(product.get("price").isNull()).isTrue();
		assertThat(product.get("degraded")).extracting(JsonNode::asText).containsExactly("price");
	}

	@Test
	void oldAppsMustUpgradeAndMalformedVersionsAreRejected() {
		stubProductScreen();

		HttpResponse<String> old = get("/mobile/api/products/SKU-1001", "Authorization", this.alice,
				"X-App-Version", "0.9.3");
		assertThat(old.statusCode()).isEqualTo(426);
		assertThat(body(old).get("type").asText()).isEqualTo("urn:prism:problem:upgrade-required");
		assertThat(get("/mobile/api/products/SKU-1001", "Authorization", this.alice, "X-App-Version", "banana")
			.statusCode()).isEqualTo(400);
		assertThat(get("/mobile/api/products/SKU-1001", "Authorization", this.alice, "X-App-Version", "2.1.0")
			.statusCode()).isEqualTo(200);
	}

	@Test
	void badTokensAre401ProblemDetailsWithABearerChallenge() {
		stubProductScreen();
		List<String> bad = List.of(TestTokens.unsigned("c-1001"),
				TestTokens.mobile("c-1001", List.of("mobile"), Instant.now().plusSeconds(600),
						"another-secret-another-secret-another-secret"),
				TestTokens.mobile("c-1001", List.of("mobile"), Instant.now().minusSeconds(3600), JWT_SECRET),
				TestTokens.mobile("c-1001", List.of("web"), Instant.now().plusSeconds(600), JWT_SECRET),
				TestTokens.mobile("c-1001", List.of("mobile"), null, JWT_SECRET), "not-a-jwt");
		for (String token : bad) {
			HttpResponse<String> response = get("/mobile/api/products/SKU-1001", "Authorization",
					TestTokens.bearer(token));
			assertThat(response.statusCode()).as(token).isEqualTo(401);
			assertThat(response.headers().firstValue("WWW-Authenticate")).as(token)
				.hasValueSatisfying(value -> assertThat(value).startsWith("Bearer"));
			assertThat(body(response).get("type").asText()).isEqualTo("urn:prism:problem:unauthorized");
		}
		HttpResponse<String> none = get("/mobile/api/products/SKU-1001");
		assertThat(none.statusCode()).isEqualTo(401);
		assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
				value -> assertThat(value).startsWith("Bearer"));
		assertThat(upstreams.getAllServeEvents()).isEmpty();
	}

}
