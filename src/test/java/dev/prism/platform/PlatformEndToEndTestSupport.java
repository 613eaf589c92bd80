package dev.prism.platform;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import dev.prism.testing.ContractValidation;

/**
 * Base of the tests of the platform running in Prism on a random port, no domain service reachable: one context for
 * all of them, and a client whose answers are held to the contracts.
 */
@TestPropertySource(locations = "classpath:offline-upstreams.properties")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class PlatformEndToEndTestSupport {

	private final HttpClient http = ContractValidation.validating(HttpClient.newHttpClient());

	@LocalServerPort
	int port;

	HttpResponse<String> get(String path, String... headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path));
		if (headers.length > 0) {
			request.headers(headers);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** The admin's HTTP Basic credentials as configured in the demo profile. */
	static String admin() {
		return basic("admin", "admin-demo");
	}

	static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

}
