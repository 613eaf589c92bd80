package dev.prism;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * Behind a TLS-terminating proxy: {@code X-Forwarded-*} are believed only when they come from a configured proxy —
 * then the client address (throttling) and the scheme ({@code Secure} cookies) are the forwarded ones; from anyone
 * else they are ignored, so a client cannot dodge throttling by inventing addresses.
 */
class ForwardedHeadersTests {

	static HttpResponse<String> badKey(int port, String forwardedFor) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/partner/api/v1/stock?skus=x"))
				.header("X-Api-Key", "guess")
				.header("X-Forwarded-For", forwardedFor)
				.build(), HttpResponse.BodyHandlers.ofString());
	}

	@Nested
	@TestPropertySource(locations = "classpath:offline-upstreams.properties")
	@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
			properties = { "server.tomcat.remoteip.internal-proxies=10\\.1\\.2\\.3",
					"prism.partner.bad-keys.max-failures=2",
					"server.forward-headers-strategy=native" })
	class FromAnUntrustedAddress {

		@LocalServerPort
		int port;

		@Test
		void inventedClientAddressesAreIgnored() throws Exception {
			assertThat(badKey(this.port, "203.0.113.1").statusCode()).isEqualTo(401);
			assertThat(badKey(this.port, "203.0.113.2").statusCode()).isEqualTo(401);
			// Still the same client (the socket's address): throttled, whatever it claims.
			assertThat(badKey(this.port, "203.0.113.3").statusCode()).isEqualTo(429);
		}

	}

	@Nested
	@TestPropertySource(locations = "classpath:offline-upstreams.properties")
	@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
			properties = { "server.tomcat.remoteip.internal-proxies=127\\.0\\.0\\.1",
					"prism.partner.bad-keys.max-failures=2",
					"server.forward-headers-strategy=native" })
	class FromTheConfiguredProxy {

		@LocalServerPort
		int port;

		@Test
		void theForwardedClientIsTheOneThrottled() throws Exception {
			assertThat(badKey(this.port, "198.51.100.1").statusCode()).isEqualTo(401);
			assertThat(badKey(this.port, "198.51.100.1").statusCode()).isEqualTo(401);
			assertThat(badKey(this.port, "198.51.100.1").statusCode()).isEqualTo(429);
			// Another client behind the same proxy is not punished for it.
			assertThat(badKey(this.port, "198.51.100.2").statusCode()).isEqualTo(401);
		}

		@Test
		void httpsAtTheProxyMakesTheSessionCookieSecure() throws Exception {
			HttpClient http = HttpClient.newHttpClient();
			HttpResponse<String> anonymous = http.send(
					HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/web/api/session"))
						.header("X-Forwarded-Proto", "https")
						.build(),
					HttpResponse.BodyHandlers.ofString());
			String xsrf = anonymous.headers().allValues("Set-Cookie").stream()
				.filter(cookie -> cookie.startsWith("XSRF-TOKEN="))
				.findFirst()
				.orElseThrow();
			assertThat(xsrf).contains("Secure");
			String token = xsrf.substring("XSRF-TOKEN=".length(), xsrf.indexOf(';'));

			HttpResponse<String> login = http.send(
					HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/web/api/session"))
						.header("X-Forwarded-Proto", "https")
						.header("Content-Type", "application/json")
						.header("Cookie", "XSRF-TOKEN=" + token)
						.header("X-XSRF-TOKEN", token)
						.POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"alice\",\"password\":\"wonderland\"}"))
						.build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(login.statusCode()).isEqualTo(200);
			assertThat(login.headers().allValues("Set-Cookie")).anySatisfy(
					cookie -> assertThat(cookie).startsWith("PRISM_SESSION=").contains("Secure"));
		}

	}

}
