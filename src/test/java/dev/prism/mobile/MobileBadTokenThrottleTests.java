package dev.prism.mobile;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import dev.prism.testing.ContractValidation;
import dev.prism.testing.TestTokens;

/** Repeated bad tokens from one address are throttled (its own context, so the shared test address stays open). */
@TestPropertySource(locations = "classpath:offline-upstreams.properties")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "prism.mobile.bad-tokens.max-failures=3" })
class MobileBadTokenThrottleTests {

	@LocalServerPort
	int port;

	private HttpResponse<String> me(String authorization) throws Exception {
		return ContractValidation.validating(HttpClient.newHttpClient())
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/mobile/api/feed?limit=0"))
				.header("Authorization", authorization)
				.build(), HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void anAddressPresentingBadTokensIsSlowedDown() throws Exception {
		for (int i = 0; i < 3; i++) {
			assertThat(me("Bearer forged-" + i).statusCode()).isEqualTo(401);
		}
		HttpResponse<String> blocked = me("Bearer forged-4");
		assertThat(blocked.statusCode()).isEqualTo(429);
		assertThat(blocked.headers().firstValue("Retry-After")).isPresent();
		assertThat(blocked.body()).contains("urn:prism:problem:too-many-bad-tokens");
		// A valid token from the same address waits too: guessing must not pay off.
		assertThat(me(TestTokens.bearer(TestTokens.mobile("c-1001"))).statusCode()).isEqualTo(429);
	}

}
