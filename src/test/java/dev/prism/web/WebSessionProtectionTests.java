package dev.prism.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import dev.prism.testing.TestTokens;

/**
 * What protects a browser session over real HTTP: a new session id at login, throttled password guessing, strict
 * security headers, and walls between the session and the other channels' credentials.
 */
class WebSessionProtectionTests extends WebEndToEndTestSupport {

	@Test
	void theSessionIdChangesAtLogin() {
		Browser browser = new Browser();
		browser.send("GET", "/web/api/session", null);
		// Force a session before login, as an attacker fixing a session id would.
		browser.send("POST", "/web/api/session", "{\"username\":\"alice\",\"password\":\"wrong\"}");
		String before = browser.cookie("PRISM_SESSION");

		browser.send("POST", "/web/api/session", ALICE_CREDENTIALS);

		assertThat(browser.cookie("PRISM_SESSION")).isNotNull().isNotEqualTo(before);
	}

	@Test
	void wrongPasswordsAre401AndRepeatedOnesAreThrottled() {
		Browser browser = new Browser();
		browser.send("GET", "/web/api/session", null);
		for (int i = 0; i < 5; i++) {
			HttpResponse<String> wrong = browser.send("POST", "/web/api/session",
					"{\"username\":\"bob\",\"password\":\"nope-" + i + "\"}");
			assertThat(wrong.statusCode()).isEqualTo(401);
			assertThat(body(wrong).get("detail").asText()).isEqualTo("Wrong username or password.");
		}
		HttpResponse<String> throttled = browser.send("POST", "/web/api/session",
				"{\"username\":\"bob\",\"password\":\"builder\"}");
		assertThat(throttled.statusCode()).isEqualTo(429);
		assertThat(throttled.headers().firstValue("Retry-After")).isPresent();
	}

	@Test
	void securityHeadersAreSet() {
		HttpResponse<String> response = new Browser().send("GET", "/web/api/session", null);
		assertThat(response.headers().firstValue("Content-Security-Policy")).hasValue(
				"default-src 'none'; frame-ancestors 'none'");
		assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
		assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
	}

	@Test
	void otherChannelsCredentialsOpenNothingHereAndTheSessionNothingThere() {
		String token = TestTokens.bearer(TestTokens.mobile("c-1001"));
		assertThat(get("/web/api/account", "Authorization", token).statusCode()).isEqualTo(401);
		assertThat(get("/web/api/account", "X-Api-Key", "acme-demo-key").statusCode()).isEqualTo(401);

		Browser browser = new Browser();
		browser.logInAsAlice();
		String session = "PRISM_SESSION=" + browser.cookie("PRISM_SESSION");
		assertThat(get("/mobile/api/products/SKU-1001", "Cookie", session).statusCode()).isEqualTo(401);
		assertThat(get("/partner/api/v1/products/SKU-1001", "Cookie", session).statusCode()).isEqualTo(401);
		assertThat(get("/actuator/metrics", "Cookie", session).statusCode()).isEqualTo(401);
	}

}
