package dev.prism.partner;

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

/**
 * Repeated bad keys from one address are throttled (its own context: the throttle would otherwise lock the shared
 * test address out of every other partner test).
 */
@TestPropertySource(locations = "classpath:offline-upstreams.properties")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "prism.partner.bad-keys.max-failures=3" })
class PartnerBadKeyThrottleTests {

	@LocalServerPort
	int port;

	private int status(String key) throws Exception {
		return ContractValidation.validating(HttpClient.newHttpClient())
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/partner/api/v1/stock?skus=bad!"))
				.header("X-Api-Key", key)
				.build(), HttpResponse.BodyHandlers.ofString())
			.statusCode();
	}

	@Test
	void anAddressGuessingKeysIsSlowedDown() throws Exception {
		for (int i = 0; i < 3; i++) {
			assertThat(status("guess-" + i)).isEqualTo(401);
		}
		assertThat(status("guess-4")).isEqualTo(429);
		// Even the right key waits until the window has passed: guessing must not be rewarded.
		assertThat(status("acme-demo-key")).isEqualTo(429);
	}

}
