package dev.prism;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import dev.prism.testing.EndToEndTestSupport;
import dev.prism.testing.TestTokens;

/**
 * The throttles of failed attempts over real HTTP, each test from its own client address (forwarded by the trusted
 * local proxy): a blocked address is refused only its wrong credentials, never a valid token, key or password; a
 * blocked username refuses even the right password; parallel attempts never pass the limit; the admin identity is
 * throttled per address. Its own context, so the shared test address stays open for every other test.
 */
@TestPropertySource(locations = "classpath:offline-upstreams.properties")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.forward-headers-strategy=native", "server.tomcat.remoteip.internal-proxies=127\\.0\\.0\\.1",
				"prism.mobile.bad-tokens.max-failures=3", "prism.partner.bad-keys.max-failures=3",
				"prism.web.login.max-failures=5", "prism.admin.login.max-failures=3",
				"prism.mobile.jwt.secret=" + EndToEndTestSupport.JWT_SECRET })
class ThrottleTests {

	@LocalServerPort
	int port;

	private final HttpClient http = HttpClient.newHttpClient();

	private HttpResponse<String> send(String address, String path, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("X-Forwarded-For", address);
		if (headers.length > 0) {
			request.headers(headers);
		}
		try {
			return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void assertThrottled(HttpResponse<String> answer, String kind) {
		assertThat(answer.statusCode()).isEqualTo(429);
		assertThat(answer.headers().firstValue("Retry-After")).hasValueSatisfying(
				seconds -> assertThat(Long.parseLong(seconds)).isPositive());
		assertThat(answer.body()).contains("urn:prism:problem:" + kind);
	}

	@Test
	void aBlockedAddressIsRefusedItsBadKeysButAValidPartnerKeyIsServed() {
		String address = "203.0.113.1";
		for (int i = 0; i < 3; i++) {
			assertThat(send(address, "/partner/api/v1/stock?skus=bad!", "X-Api-Key", "guess-" + i).statusCode())
				.isEqualTo(401);
		}
		assertThrottled(send(address, "/partner/api/v1/stock?skus=bad!", "X-Api-Key", "guess-4"), "too-many-bad-keys");

		// The office's real integration behind the same address is served (here: its request's own 400)
		assertThat(send(address, "/partner/api/v1/stock?skus=bad!", "X-Api-Key", "acme-demo-key").statusCode())
			.isEqualTo(400);
		assertThrottled(send(address, "/partner/api/v1/stock?skus=bad!", "X-Api-Key", "guess-5"), "too-many-bad-keys");
		// Another address is not affected
		assertThat(send("203.0.113.2", "/partner/api/v1/stock?skus=bad!", "X-Api-Key", "guess-0").statusCode())
			.isEqualTo(401);
	}

	@Test
	void aBlockedAddressIsRefusedItsBadTokensButAValidAppTokenIsServed() {
		String address = "203.0.113.11";
		for (int i = 0; i < 3; i++) {
			assertThat(send(address, "/mobile/api/feed?limit=0", "Authorization", "Bearer forged-" + i).statusCode())
				.isEqualTo(401);
		}
		assertThrottled(send(address, "/mobile/api/feed?limit=0", "Authorization", "Bearer forged-4"),
				"too-many-bad-tokens");

		assertThat(send(address, "/mobile/api/feed?limit=0", "Authorization",
				TestTokens.bearer(TestTokens.mobile("c-1001"))).statusCode()).isEqualTo(400);
		assertThat(send(address, "/mobile/api/feed?limit=0").statusCode()).as("no token at all").isEqualTo(401);
	}

	/** A browser at {@code address} with its CSRF cookie, trying logins. */
	private final class Browser {

		private final String address;

		private final CookieManager cookies = new CookieManager();

		private final HttpClient client = HttpClient.newBuilder().cookieHandler(this.cookies).build();

		Browser(String address) throws Exception {
			this.address = address;
			this.client.send(HttpRequest.newBuilder(uri("/web/api/session")).header("X-Forwarded-For", address).build(),
					HttpResponse.BodyHandlers.ofString());
		}

		private URI uri(String path) {
			return URI.create("http://127.0.0.1:" + ThrottleTests.this.port + path);
		}

		CompletableFuture<HttpResponse<String>> logIn(String username, String password) {
			String csrf = this.cookies.getCookieStore()
				.getCookies()
				.stream()
				.filter(cookie -> cookie.getName().equals("XSRF-TOKEN"))
				.map(HttpCookie::getValue)
				.findFirst()
				.orElseThrow();
			return this.client.sendAsync(HttpRequest.newBuilder(uri("/web/api/session"))
				.header("X-Forwarded-For", this.address)
				.header("Content-Type", "application/json")
				.header("X-XSRF-TOKEN", csrf)
				.POST(HttpRequest.BodyPublishers
					.ofString("{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		}

	}

	@Test
	void parallelWrongPasswordsForOneUserAreTriedNoMoreThanTheLimit() throws Exception {
		Browser browser = new Browser("203.0.113.21");

		// When 40 wrong passwords for alice arrive at once
		List<CompletableFuture<HttpResponse<String>>> guesses = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			guesses.add(browser.logIn("alice", "guess-" + i));
		}
		List<Integer> statuses = guesses.stream().map(CompletableFuture::join).map(HttpResponse::statusCode).toList();

		// Then at most max-failures of them were checked (401), every other one refused unchecked (429)
		assertThat(statuses).containsOnly(401, 429);
		assertThat(statuses.stream().filter(status -> status == 401).count()).isLessThanOrEqualTo(5);
		// And the blocked username refuses even the right password, from any address: no password oracle
		assertThat(new Browser("203.0.113.22").logIn("alice", "wonderland").join().statusCode()).isEqualTo(429);
	}

	@Test
	void aBlockedAddressStillLogsInTheRightPassword() throws Exception {
		Browser office = new Browser("203.0.113.31");
		// Given one address that failed for 20 usernames (four times max-failures)
		for (int i = 0; i < 20; i++) {
			assertThat(office.logIn("user-" + i, "x").join().statusCode()).isEqualTo(401);
		}
		assertThat(office.logIn("user-20", "x").join().statusCode()).isEqualTo(429);

		// Then a colleague behind that address still logs in
		HttpResponse<String> bob = office.logIn("bob", "builder").join();
		assertThat(bob.statusCode()).isEqualTo(200);
		assertThat(bob.body()).contains("\"customerId\":\"c-1002\"");
	}

	private HttpResponse<String> metrics(String address, String password) {
		String basic = Base64.getEncoder().encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8));
		return send(address, "/actuator/metrics", "Authorization", "Basic " + basic);
	}

	@Test
	void theAdminIdentityIsThrottledPerAddressAndARememberedScraperKeepsWorking() {
		String scraper = "203.0.113.41";
		assertThat(metrics(scraper, "admin-demo").statusCode()).isEqualTo(200);

		// When an attacker behind the scraper's address sends 30 wrong passwords
		List<Integer> statuses = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			statuses.add(metrics(scraper, "guess-" + i).statusCode());
		}

		// Then only max-failures of them were checked, the rest refused with 429 before any bcrypt
		assertThat(statuses.subList(0, 3)).containsOnly(401);
		assertThat(statuses.subList(3, 30)).containsOnly(429);
		assertThrottled(metrics(scraper, "guess-31"), "too-many-login-attempts");
		// And the scraper's verified credential is remembered: it keeps its metrics
		assertThat(metrics(scraper, "admin-demo").statusCode()).isEqualTo(200);
		// Per address only: the admin still logs in from elsewhere
		assertThat(metrics("203.0.113.42", "admin-demo").statusCode()).isEqualTo(200);
	}

}
