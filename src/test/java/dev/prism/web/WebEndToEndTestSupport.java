package dev.prism.web;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.prism.testing.ContractValidation;
import dev.prism.testing.EndToEndTestSupport;

/**
 * Base of the web channel's end-to-end tests: {@link EndToEndTestSupport} (whose one context they share) and a
 * {@link Browser} that keeps its cookies and echoes the CSRF cookie, as the SPA does.
 */
abstract class WebEndToEndTestSupport extends EndToEndTestSupport {

	static final String ALICE_CREDENTIALS = "{\"username\":\"alice\",\"password\":\"wonderland\"}";

	/** A browser: keeps cookies and echoes the CSRF cookie as a header, as a real SPA would. */
	final class Browser {

		final CookieManager cookies = new CookieManager();

		final HttpClient client = ContractValidation
			.validating(HttpClient.newBuilder().cookieHandler(this.cookies).build());

		HttpResponse<String> send(String method, String path, String body, String... headers) {
			HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10));
			if (headers.length > 0) {
				request.headers(headers);
			}
			String csrf = cookie("XSRF-TOKEN");
			if (csrf != null && !method.equals("GET")) {
				request.header("X-XSRF-TOKEN", csrf);
			}
			request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
					: HttpRequest.BodyPublishers.ofString(body));
			if (body != null) {
				request.header("Content-Type", "application/json");
			}
			try {
				return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}

		String cookie(String name) {
			return this.cookies.getCookieStore()
				.getCookies()
				.stream()
				.filter(cookie -> cookie.getName().equals(name))
				.map(HttpCookie::getValue)
				.findFirst()
				.orElse(null);
		}

		HttpResponse<String> logIn(String username, String password) {
			send("GET", "/web/api/session", null);
			return send("POST", "/web/api/session",
					"{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
		}

		HttpResponse<String> logInAsAlice() {
			return logIn("alice", "wonderland");
		}

	}

	/** A request carrying only {@code browser}'s session cookie: what a forged cross-site request looks like. */
	HttpRequest.Builder forgedFrom(Browser browser, String path) {
		return HttpRequest.newBuilder(uri(path)).header("Cookie", "PRISM_SESSION=" + browser.cookie("PRISM_SESSION"));
	}

}
