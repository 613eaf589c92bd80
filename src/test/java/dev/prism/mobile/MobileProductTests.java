package dev.prism.mobile;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;

import org.junit.jupiter.api.Test;

import dev.prism.testing.EndToEndTestSupport;
import dev.prism.testing.TestTokens;

/** The app's product screen over real HTTP: ETags, app versions and the verified-token cache. */
class MobileProductTests extends EndToEndTestSupport {

	private final String alice = TestTokens.bearer(TestTokens.mobile("c-1001"));

	private void stubProductScreen() {
		stubProduct("SKU-1001");
		stubPrices(Map.of("SKU-1001", "89.90"));
		stubStock(Map.of("SKU-1001", "LOW_STOCK"));
		stubReviews("SKU-1001");
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
		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(first.headers().firstValue("Set-Cookie")).isEmpty();
		String etag = first.headers().firstValue("ETag").orElseThrow();

		HttpResponse<String> again = get("/mobile/api/products/SKU-1001", "Authorization", this.alice,
				"If-None-Match", etag);

		assertThat(again.statusCode()).isEqualTo(304);
		assertThat(again.body()).isEmpty();
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

}
