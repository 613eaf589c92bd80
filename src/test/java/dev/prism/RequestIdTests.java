package dev.prism;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.prism.testing.EndToEndTestSupport;
import dev.prism.testing.TestTokens;

/** Every answer, every error, every channel carries its correlation id, in the header and in the problem. */
class RequestIdTests extends EndToEndTestSupport {

	@Test
	void everyErrorOfEveryChannelCarriesItsRequestId() {
		String token = TestTokens.bearer(TestTokens.mobile("c-1001"));
		List<HttpResponse<String>> answers = List.of(
				// mobile: no token, a bad token, an old app, a bad parameter
				get("/mobile/api/me"), get("/mobile/api/me", "Authorization", "Bearer not-a-token"),
				get("/mobile/api/me", "Authorization", token, "X-App-Version", "0.1.0"),
				get("/mobile/api/feed?limit=0", "Authorization", token),
				// partner: no key, a bad key, a missing scope, an unknown path
				get("/partner/api/v1/products"), get("/partner/api/v1/products", "X-Api-Key", "guess"),
				post("/partner/api/v1/orders", "{}", "X-Api-Key", "globex-demo-key"),
				get("/partner/api/v1/nothing-here", "X-Api-Key", "acme-demo-key"),
				// web: not logged in, no CSRF token, a bad parameter
				get("/web/api/account"), post("/web/api/orders", "{}"), get("/web/api/products?page=-1"),
				// outside the channels
				get("/nowhere"), get("/actuator/metrics"));
		for (HttpResponse<String> answer : answers) {
			assertThat(answer.statusCode()).as(answer.uri().toString()).isBetween(400, 499);
			String header = answer.headers().firstValue("X-Request-Id").orElse(null);
			assertThat(header).as("X-Request-Id of %s %s", answer.statusCode(), answer.uri()).isNotBlank();
			assertThat(body(answer).path("requestId").asString()).as(answer.uri().toString()).isEqualTo(header);
		}
	}

	@Test
	void aClientsOwnRequestIdIsEchoedOnItsError() {
		HttpResponse<String> answer = send(HttpRequest.newBuilder(uri("/mobile/api/me"))
			.header("X-Request-Id", "app-4711")
			.header("Authorization", "Bearer forged")
			.build());

		assertThat(answer.statusCode()).isEqualTo(401);
		assertThat(answer.headers().firstValue("X-Request-Id")).hasValue("app-4711");
		assertThat(body(answer).path("requestId").asString()).isEqualTo("app-4711");
	}

}
