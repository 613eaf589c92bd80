package dev.prism.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.security.oauth2.client.web.AuthorizationRequestRepository;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps the OpenID Connect login's authorization request (state, nonce, PKCE verifier) between the redirect to the
 * provider and its redirect back in a cookie of its own, not in the session: the session cookie is SameSite=Strict in
 * prod, so the provider's cross-site navigation back to {@code /web/api/oauth2/code/*} arrives without it. The cookie
 * is sealed with {@link WebTokenCipher} (AES-GCM, its own purpose) and carries its expiry inside the ciphertext;
 * HttpOnly, SameSite=Lax (sent on that top-level navigation, never on a cross-site subrequest or POST), Secure when the
 * session cookie is (or the request came over TLS), on {@code /web/api/oauth2/} only, five minutes, removed once used.
 * An altered, expired or foreign cookie counts as no authorization request: Spring Security then fails the login
 * ({@code authorization_request_not_found}), which the web chain answers as a problem.
 */
final class WebAuthorizationRequestCookies implements AuthorizationRequestRepository<OAuth2AuthorizationRequest> {

	static final String NAME = "PRISM_OIDC_LOGIN";

	/** The name with the prefix that makes browsers insist on Secure. */
	static final String SECURE_NAME = "__Secure-" + NAME;

	static final String PATH = "/web/api/oauth2/";

	static final Duration LIFETIME = Duration.ofMinutes(5);

	/** The cipher's purpose for these cookies: nothing sealed for a session opens as one. */
	static final String PURPOSE = "prism.web.oidc.authorization-request.v1";

	private static final Logger log = LoggerFactory.getLogger(WebAuthorizationRequestCookies.class);

	private final JsonMapper json = JsonMapper.builder().build();

	private final WebTokenCipher cipher;

	private final boolean secure;

	private final Clock clock;

	/**
	 * @param cipher the sessions' cipher (the same key), given this repository's purpose here
	 * @param secure whether the session cookie is Secure ({@code server.servlet.session.cookie.secure})
	 */
	WebAuthorizationRequestCookies(WebTokenCipher cipher, boolean secure, Clock clock) {
		this.cipher = cipher.forPurpose(PURPOSE);
		this.secure = secure;
		this.clock = clock;
	}

	/** What the cookie holds: the request (as Spring Security builds it again) and until when it counts. */
	record Sealed(long expiresAt, String authorizationUri, String clientId, @Nullable String redirectUri,
			Set<String> scopes, String state, Map<String, Object> additionalParameters,
			Map<String, Object> attributes) {

		static Sealed of(OAuth2AuthorizationRequest request, Instant expiresAt) {
			return new Sealed(expiresAt.getEpochSecond(), request.getAuthorizationUri(), request.getClientId(),
					request.getRedirectUri(), new LinkedHashSet<>(request.getScopes()), request.getState(),
					new LinkedHashMap<>(request.getAdditionalParameters()), new LinkedHashMap<>(request.getAttributes()));
		}

		OAuth2AuthorizationRequest toRequest() {
			OAuth2AuthorizationRequest.Builder builder = OAuth2AuthorizationRequest.authorizationCode();
			builder.authorizationUri(this.authorizationUri)
				.clientId(this.clientId)
				.redirectUri(this.redirectUri)
				.scopes(this.scopes)
				.state(this.state)
				.additionalParameters(this.additionalParameters)
				.attributes(this.attributes);
			return builder.build();
		}

	}

	String cookieName() {
		return this.secure ? SECURE_NAME : NAME;
	}

	@Override
	public @Nullable OAuth2AuthorizationRequest loadAuthorizationRequest(HttpServletRequest request) {
		String state = request.getParameter(OAuth2ParameterNames.STATE);
		if (state == null) {
			return null;
		}
		return read(request).filter(authorization -> state.equals(authorization.getState())).orElse(null);
	}

	@Override
	public void saveAuthorizationRequest(@Nullable OAuth2AuthorizationRequest authorizationRequest,
			HttpServletRequest request, HttpServletResponse response) {
		if (authorizationRequest == null) {
			removeAuthorizationRequest(request, response);
			return;
		}
		if (authorizationRequest.getState() == null || authorizationRequest.getState().isEmpty()) {
			throw new IllegalArgumentException("An authorization request without state");
		}
		Sealed sealed = Sealed.of(authorizationRequest, this.clock.instant().plus(LIFETIME));
		write(request, response, this.cipher.seal(this.json.writeValueAsBytes(sealed)), LIFETIME);
	}

	/** The request the state parameter names, if the cookie holds it; the cookie is removed in any case. */
	@Override
	public @Nullable OAuth2AuthorizationRequest removeAuthorizationRequest(HttpServletRequest request,
			HttpServletResponse response) {
		OAuth2AuthorizationRequest authorization = loadAuthorizationRequest(request);
		if (cookie(request) != null) {
			write(request, response, "", Duration.ZERO);
		}
		return authorization;
	}

	private Optional<OAuth2AuthorizationRequest> read(HttpServletRequest request) {
		String value = cookie(request);
		if (value == null) {
			return Optional.empty();
		}
		Optional<byte[]> plain = this.cipher.open(value);
		if (plain.isEmpty()) {
			log.info("An OpenID Connect login came back with an authorization-request cookie that does not open "
					+ "(altered, or sealed under another key): the login fails");
			return Optional.empty();
		}
		Sealed sealed;
		try {
			sealed = this.json.readValue(plain.get(), Sealed.class);
		}
		catch (JacksonException ex) {
			log.info("An OpenID Connect login came back with an unreadable authorization-request cookie ({}): the "
					+ "login fails", ex.getClass().getSimpleName());
			return Optional.empty();
		}
		if (!this.clock.instant().isBefore(Instant.ofEpochSecond(sealed.expiresAt()))) {
			log.info("An OpenID Connect login came back after its authorization request expired ({}): the login fails",
					LIFETIME);
			return Optional.empty();
		}
		try {
			return Optional.of(sealed.toRequest());
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	private @Nullable String cookie(HttpServletRequest request) {
		Cookie[] cookies = request.getCookies();
		if (cookies != null) {
			for (Cookie cookie : cookies) {
				if (cookie.getName().equals(cookieName())) {
					return cookie.getValue();
				}
			}
		}
		return null;
	}

	private void write(HttpServletRequest request, HttpServletResponse response, String value, Duration maxAge) {
		response.addHeader(HttpHeaders.SET_COOKIE, ResponseCookie.from(cookieName(), value)
			.path(request.getContextPath() + PATH)
			.maxAge(maxAge)
			.httpOnly(true)
			.secure(this.secure || request.isSecure())
			.sameSite("Lax")
			.build()
			.toString());
	}

}
