package dev.prism;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.TestPropertySource;

import dev.prism.testing.EndToEndTestSupport;
import dev.prism.testing.TestTokens;

/**
 * The channel walls as a matrix — every credential type against every protected prefix — and CORS only for the
 * configured web origin.
 */
@TestPropertySource(properties = "prism.web.cors.allowed-origins=https://shop.example.com")
@ExtendWith(OutputCaptureExtension.class)
class SecurityMatrixTests extends EndToEndTestSupport {

	private String webSessionCookie() throws Exception {
		CookieManager cookies = new CookieManager();
		HttpClient browser = HttpClient.newBuilder().cookieHandler(cookies).build();
		browser.send(HttpRequest.newBuilder(uri("/web/api/session")).build(), HttpResponse.BodyHandlers.ofString());
		String csrf = cookie(cookies, "XSRF-TOKEN");
		browser.send(HttpRequest.newBuilder(uri("/web/api/session"))
			.header("Content-Type", "application/json")
			.header("X-XSRF-TOKEN", csrf)
			.POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"alice\",\"password\":\"wonderland\"}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		return "PRISM_SESSION=" + cookie(cookies, "PRISM_SESSION");
	}

	private static String cookie(CookieManager cookies, String name) {
		return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name))
			.map(HttpCookie::getValue).findFirst().orElseThrow();
	}

	@Test
	void eachCredentialOpensOnlyItsOwnPrefix() throws Exception {
		Map<String, String[]> credentials = new LinkedHashMap<>();
		credentials.put("web session", new String[] { "Cookie", webSessionCookie() });
		credentials.put("mobile token", new String[] { "Authorization", TestTokens.bearer(TestTokens.mobile("c-1001")) });
		credentials.put("partner key", new String[] { "X-Api-Key", "acme-demo-key" });
		credentials.put("admin basic", new String[] { "Authorization", "Basic YWRtaW46YWRtaW4tZGVtbw==" });
		Map<String, String> protectedPaths = new LinkedHashMap<>();
		protectedPaths.put("web session", "/web/api/account");
		protectedPaths.put("mobile token", "/mobile/api/me");
		protectedPaths.put("partner key", "/partner/api/v1/orders/o-1");
		protectedPaths.put("admin basic", "/actuator/metrics");

		for (var credential : credentials.entrySet()) {
			for (var path : protectedPaths.entrySet()) {
				int status = get(path.getValue(), credential.getValue()).statusCode();
				if (credential.getKey().equals(path.getKey())) {
					assertThat(status).as("%s on %s", credential.getKey(), path.getValue()).isNotIn(401, 403);
				}
				else {
					assertThat(status).as("%s on %s", credential.getKey(), path.getValue()).isEqualTo(401);
				}
			}
		}
	}

	@Test
	void noPasswordTokenOrKeyIsEverLogged(CapturedOutput output) throws Exception {
		String token = TestTokens.mobile("c-1001");
		webSessionCookie();
		get("/web/api/account", "Authorization", "Bearer " + token);
		get("/mobile/api/me", "Authorization", "Bearer " + token);
		get("/mobile/api/me", "Authorization", "Bearer " + token + "tampered");
		get("/partner/api/v1/orders/o-1", "X-Api-Key", "acme-demo-key");
		get("/actuator/metrics", "Authorization", "Basic YWRtaW46YWRtaW4tZGVtbw==");
		post("/web/api/session", "{\"username\":\"alice\",\"password\":\"not-my-password-42\"}");

		assertThat(output.getAll()).contains("/mobile/api/me")
			.doesNotContain("wonderland")
			.doesNotContain("not-my-password-42")
			.doesNotContain(token)
			.doesNotContain("acme-demo-key")
			.doesNotContain("YWRtaW46YWRtaW4tZGVtbw")
			.doesNotContain("admin-demo");
	}

	@Test
	void corsIsAllowedOnlyForTheConfiguredWebOrigin() {
		HttpResponse<String> allowed = send(HttpRequest.newBuilder(uri("/web/api/products"))
			.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
			.header("Origin", "https://shop.example.com")
			.header("Access-Control-Request-Method", "POST")
			.header("Access-Control-Request-Headers", "X-XSRF-TOKEN, Content-Type")
			.build());
		assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://shop.example.com");
		assertThat(allowed.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");

		for (String path : List.of("/web/api/products", "/mobile/api/me", "/partner/api/v1/products")) {
			HttpResponse<String> foreign = send(HttpRequest.newBuilder(uri(path))
				.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
				.header("Origin", "https://evil.example.net")
				.header("Access-Control-Request-Method", "GET")
				.build());
			assertThat(foreign.headers().firstValue("Access-Control-Allow-Origin")).as(path).isEmpty();
		}
		HttpResponse<String> otherChannel = send(HttpRequest.newBuilder(uri("/partner/api/v1/products"))
			.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
			.header("Origin", "https://shop.example.com")
			.header("Access-Control-Request-Method", "GET")
			.build());
		assertThat(otherChannel.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
	}


	@org.springframework.beans.factory.annotation.Autowired
	org.springframework.security.web.FilterChainProxy securityChains;

	@Test
	void theStatelessChannelsRunNoSessionLogoutOrAnonymousMachinery() {
		// Every filter is work on every request: mobile and partner keep only what a stateless API needs
		for (String path : List.of("/mobile/api/me", "/partner/api/v1/availability")) {
			List<String> filters = this.securityChains.getFilters(path)
				.stream()
				.map(filter -> filter.getClass().getSimpleName())
				.toList();
			assertThat(filters).as(path)
				.contains("SecurityContextHolderFilter", "HeaderWriterFilter", "ExceptionTranslationFilter",
						"AuthorizationFilter")
				.doesNotContain("SessionManagementFilter", "AnonymousAuthenticationFilter", "LogoutFilter",
						"SecurityContextHolderAwareRequestFilter", "RequestCacheAwareFilter", "CsrfFilter");
		}
		// The web channel, with its login session, keeps session management
		assertThat(this.securityChains.getFilters("/web/api/account"))
			.anyMatch(filter -> filter.getClass().getSimpleName().equals("SessionManagementFilter"));
	}

}
