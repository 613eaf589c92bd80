package dev.prism.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.Cookie;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.PkceParameterNames;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;

import dev.prism.testing.ManualClock;

/**
 * The OpenID Connect login's authorization request in a sealed cookie: it comes back whole for its own state and
 * within five minutes only, the cookie is HttpOnly, SameSite=Lax, on {@code /web/api/oauth2/} and Secure when the
 * session cookie is, and nothing readable is in it; an altered, expired or foreign cookie is no request.
 */
class WebAuthorizationRequestCookiesTests {

	static final String KEY = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

	static final String OTHER_KEY = Base64.getEncoder().encodeToString("fedcba9876543210fedcba9876543210".getBytes());

	final ManualClock clock = new ManualClock();

	final WebAuthorizationRequestCookies cookies = new WebAuthorizationRequestCookies(WebTokenCipher.of(KEY), true,
			this.clock);

	static OAuth2AuthorizationRequest authorizationRequest() {
		return OAuth2AuthorizationRequest.authorizationCode()
			.authorizationUri("http://127.0.0.1:9999/oauth2/authorize")
			.clientId("prism")
			.redirectUri("http://localhost:8080/web/api/oauth2/code/demo")
			.scopes(Set.of("openid", "profile"))
			.state("the-state-0123456789")
			.additionalParameters(Map.of(OidcParameterNames.NONCE, "nonce-hash", PkceParameterNames.CODE_CHALLENGE,
					"the-challenge", PkceParameterNames.CODE_CHALLENGE_METHOD, "S256", "response_mode", "query"))
			.attributes(Map.of("registration_id", "demo", OidcParameterNames.NONCE, "the-raw-nonce",
					PkceParameterNames.CODE_VERIFIER, "the-code-verifier"))
			.build();
	}

	/** The browser's way back from the provider: the callback with {@code state} and the cookie it was given. */
	static MockHttpServletRequest callback(String state, ResponseCookie cookie) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/web/api/oauth2/code/demo");
		request.setParameter("state", state);
		request.setParameter("code", "the-code");
		request.setCookies(new Cookie(cookie.getName(), cookie.getValue()));
		return request;
	}

	ResponseCookie saved(WebAuthorizationRequestCookies cookies, MockHttpServletRequest start) {
		MockHttpServletResponse response = new MockHttpServletResponse();
		cookies.saveAuthorizationRequest(authorizationRequest(), start, response);
		return setCookie(response);
	}

	static ResponseCookie setCookie(MockHttpServletResponse response) {
		assertThat(response.getHeaders(HttpHeaders.SET_COOKIE)).hasSize(1);
		String header = response.getHeader(HttpHeaders.SET_COOKIE);
		String name = header.substring(0, header.indexOf('='));
		String value = header.substring(name.length() + 1, header.indexOf(';'));
		ResponseCookie.ResponseCookieBuilder cookie = ResponseCookie.from(name, value);
		for (String attribute : header.substring(header.indexOf(';') + 1).split(";")) {
			String[] parts = attribute.trim().split("=", 2);
			switch (parts[0]) {
				case "Path" -> cookie.path(parts[1]);
				case "Max-Age" -> cookie.maxAge(Long.parseLong(parts[1]));
				case "HttpOnly" -> cookie.httpOnly(true);
				case "Secure" -> cookie.secure(true);
				case "SameSite" -> cookie.sameSite(parts[1]);
				default -> {
				}
			}
		}
		return cookie.build();
	}

	@Test
	void theRequestComesBackWholeForItsStateAndTheCookieIsRemovedAfterUse() {
		// Given the login's start saved its authorization request
		ResponseCookie cookie = saved(this.cookies, new MockHttpServletRequest("GET",
				"/web/api/oauth2/authorization/demo"));

		// Then the cookie is sealed, HttpOnly, Lax, Secure with the __Secure- name, on the login's paths, 5 minutes
		assertThat(cookie.getName()).isEqualTo("__Secure-PRISM_OIDC_LOGIN");
		assertThat(cookie.isHttpOnly()).isTrue();
		assertThat(cookie.isSecure()).isTrue();
		assertThat(cookie.getSameSite()).isEqualTo("Lax");
		assertThat(cookie.getPath()).isEqualTo("/web/api/oauth2/");
		assertThat(cookie.getMaxAge()).isEqualTo(Duration.ofMinutes(5));
		assertThat(cookie.getValue()).startsWith("v1.");
		String opened = new String(Base64.getUrlDecoder().decode(cookie.getValue().substring(3)),
				StandardCharsets.ISO_8859_1);
		for (String secret : new String[] { "the-state", "the-raw-nonce", "the-code-verifier", "prism" }) {
			assertThat(cookie.getValue()).doesNotContain(secret);
			assertThat(opened).doesNotContain(secret);
		}

		// When the provider sends the browser back with the request's state, the request is loaded as it was
		MockHttpServletRequest back = callback("the-state-0123456789", cookie);
		OAuth2AuthorizationRequest loaded = this.cookies.loadAuthorizationRequest(back);
		assertThat(loaded).isNotNull();
		OAuth2AuthorizationRequest original = authorizationRequest();
		assertThat(loaded.getState()).isEqualTo(original.getState());
		assertThat(loaded.getAuthorizationUri()).isEqualTo(original.getAuthorizationUri());
		assertThat(loaded.getClientId()).isEqualTo(original.getClientId());
		assertThat(loaded.getRedirectUri()).isEqualTo(original.getRedirectUri());
		assertThat(loaded.getScopes()).isEqualTo(original.getScopes());
		assertThat(loaded.getAdditionalParameters()).isEqualTo(original.getAdditionalParameters());
		assertThat(loaded.getAttributes()).isEqualTo(original.getAttributes());
		assertThat(loaded.getGrantType()).isEqualTo(original.getGrantType());

		// And removing it (as the login does) answers it and deletes the cookie at the same path
		MockHttpServletResponse response = new MockHttpServletResponse();
		assertThat(this.cookies.removeAuthorizationRequest(back, response)).isNotNull();
		ResponseCookie removed = setCookie(response);
		assertThat(removed.getName()).isEqualTo(cookie.getName());
		assertThat(removed.getValue()).isEmpty();
		assertThat(removed.getMaxAge()).isEqualTo(Duration.ZERO);
		assertThat(removed.getPath()).isEqualTo("/web/api/oauth2/");
	}

	@Test
	void anotherStateOrNoStateFindsNoRequest() {
		ResponseCookie cookie = saved(this.cookies, new MockHttpServletRequest());

		assertThat(this.cookies.loadAuthorizationRequest(callback("another-state", cookie))).isNull();
		MockHttpServletRequest noState = callback("x", cookie);
		noState.removeParameter("state");
		assertThat(this.cookies.loadAuthorizationRequest(noState)).isNull();
	}

	@Test
	void anExpiredRequestIsNoRequestEvenIfTheBrowserStillSendsTheCookie() {
		ResponseCookie cookie = saved(this.cookies, new MockHttpServletRequest());

		this.clock.advance(Duration.ofMinutes(5).minusSeconds(1));
		assertThat(this.cookies.loadAuthorizationRequest(callback("the-state-0123456789", cookie))).isNotNull();

		this.clock.advance(Duration.ofSeconds(1));
		MockHttpServletRequest late = callback("the-state-0123456789", cookie);
		MockHttpServletResponse response = new MockHttpServletResponse();
		assertThat(this.cookies.removeAuthorizationRequest(late, response)).isNull();
		assertThat(setCookie(response).getMaxAge()).as("the stale cookie is removed").isEqualTo(Duration.ZERO);
	}

	@Test
	void anAlteredCookieIsNoRequest() {
		ResponseCookie cookie = saved(this.cookies, new MockHttpServletRequest());
		String value = cookie.getValue();
		int at = value.length() / 2;
		String altered = value.substring(0, at) + (value.charAt(at) == 'A' ? 'B' : 'A') + value.substring(at + 1);

		assertThat(this.cookies.loadAuthorizationRequest(
				callback("the-state-0123456789", ResponseCookie.from(cookie.getName(), altered).build()))).isNull();
		assertThat(this.cookies.loadAuthorizationRequest(
				callback("the-state-0123456789", ResponseCookie.from(cookie.getName(), "v1.garbage").build())))
			.isNull();
		assertThat(this.cookies.loadAuthorizationRequest(
				callback("the-state-0123456789", ResponseCookie.from(cookie.getName(), "").build()))).isNull();
	}

	@Test
	void aCookieOfAnotherKeyOrASealedSessionValueIsNoRequest() {
		// Sealed by an instance with another key
		WebAuthorizationRequestCookies elsewhere = new WebAuthorizationRequestCookies(WebTokenCipher.of(OTHER_KEY),
				true, this.clock);
		ResponseCookie foreign = saved(elsewhere, new MockHttpServletRequest());
		assertThat(this.cookies.loadAuthorizationRequest(callback("the-state-0123456789", foreign))).isNull();

		// Sealed under the same key, but for a session's tokens: the purpose differs
		WebTokenCipher sessions = WebTokenCipher.of(KEY);
		WebAuthorizationRequestCookies.Sealed sealed = WebAuthorizationRequestCookies.Sealed.of(authorizationRequest(),
				this.clock.instant().plus(Duration.ofMinutes(5)));
		String sessionValue = sessions.seal(tools.jackson.databind.json.JsonMapper.builder()
			.build()
			.writeValueAsBytes(sealed));
		assertThat(this.cookies.loadAuthorizationRequest(callback("the-state-0123456789",
				ResponseCookie.from("__Secure-PRISM_OIDC_LOGIN", sessionValue).build()))).isNull();
		// (which the same cipher for this purpose does open)
		assertThat(sessions.forPurpose(WebAuthorizationRequestCookies.PURPOSE).open(sessionValue)).isEmpty();
		assertThat(sessions.open(sessionValue)).isPresent();
	}

	@Test
	void withoutSecureSessionCookiesTheCookieIsSecureOnlyOverTls() {
		WebAuthorizationRequestCookies plain = new WebAuthorizationRequestCookies(WebTokenCipher.of(KEY), false,
				this.clock);
		MockHttpServletRequest http = new MockHttpServletRequest();
		http.setContextPath("/shop");
		ResponseCookie overHttp = saved(plain, http);
		assertThat(overHttp.getName()).isEqualTo("PRISM_OIDC_LOGIN");
		assertThat(overHttp.isSecure()).isFalse();
		assertThat(overHttp.getPath()).isEqualTo("/shop/web/api/oauth2/");
		assertThat(overHttp.getSameSite()).isEqualTo("Lax");

		MockHttpServletRequest tls = new MockHttpServletRequest();
		tls.setSecure(true);
		assertThat(saved(plain, tls).isSecure()).isTrue();

		// And a removal without any cookie writes none
		MockHttpServletResponse response = new MockHttpServletResponse();
		assertThat(plain.removeAuthorizationRequest(new MockHttpServletRequest(), response)).isNull();
		assertThat(response.getHeaders(HttpHeaders.SET_COOKIE)).isEmpty();
	}

}
