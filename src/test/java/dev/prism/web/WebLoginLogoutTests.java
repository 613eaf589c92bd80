package dev.prism.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.Test;

/** A browser's session over real HTTP: who am I, login with CSRF and safe cookie flags, logout. */
class WebLoginLogoutTests extends WebEndToEndTestSupport {

	@Test
	void theWholeLoginCsrfAndLogoutFlow() {
		Browser browser = new Browser();

		// Given an anonymous visitor, who-am-I is 401 but always hands out the CSRF cookie
		HttpResponse<String> anonymous = browser.send("GET", "/web/api/session", null);
		assertThat(anonymous.statusCode()).isEqualTo(401);
		assertThat(browser.cookie("XSRF-TOKEN")).isNotBlank();
		String csrfBefore = browser.cookie("XSRF-TOKEN");

		// When logging in without the CSRF header, it is refused
		HttpResponse<String> noCsrf = send(HttpRequest.newBuilder(uri("/web/api/session"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(ALICE_CREDENTIALS))
			.build());
		assertThat(noCsrf.statusCode()).isEqualTo(403);
		assertThat(body(noCsrf).get("type").asText()).isEqualTo("urn:prism:problem:csrf");

		// When logging in with it, the session is established with safe cookie flags
		HttpResponse<String> login = browser.send("POST", "/web/api/session", ALICE_CREDENTIALS);
		assertThat(login.statusCode()).isEqualTo(200);
		assertThat(body(login).get("customerId").asText()).isEqualTo("c-1001");
		List<String> setCookies = login.headers().allValues("Set-Cookie");
		assertThat(setCookies).anySatisfy(cookie -> assertThat(cookie).startsWith("PRISM_SESSION=")
			.contains("HttpOnly")
			.contains("SameSite=Lax"));
		assertThat(browser.cookie("XSRF-TOKEN")).isNotBlank().isNotEqualTo(csrfBefore);

		// Then who-am-I knows the user
		HttpResponse<String> me = browser.send("GET", "/web/api/session", null);
		assertThat(me.statusCode()).isEqualTo(200);
		assertThat(body(me).get("username").asText()).isEqualTo("alice");

		// And after logout the session is gone
		assertThat(browser.send("DELETE", "/web/api/session", null).statusCode()).isEqualTo(204);
		assertThat(browser.send("GET", "/web/api/session", null).statusCode()).isEqualTo(401);
	}

	@Test
	void logoutNeedsTheCsrfHeaderToo() {
		Browser browser = new Browser();
		browser.logInAsAlice();

		// When a forged logout arrives with the session cookie but without the CSRF header, it is refused
		HttpResponse<String> forged = send(forgedFrom(browser, "/web/api/session").DELETE().build());
		assertThat(forged.statusCode()).isEqualTo(403);

		// Then the user is still logged in
		assertThat(browser.send("GET", "/web/api/session", null).statusCode()).isEqualTo(200);
	}

}
