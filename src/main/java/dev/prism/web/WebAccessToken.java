package dev.prism.web;

import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * The access token of the request's OpenID Connect session, valid for this request ({@link WebTokenRefreshFilter}
 * refreshed it if it was due), for web code that relays it; none for anonymous requests and password sessions. Read
 * it on the request thread: a fan-out's threads have no request. Never log it, never answer it.
 */
final class WebAccessToken {

	private static final String ATTRIBUTE = WebAccessToken.class.getName();

	private WebAccessToken() {
	}

	static void set(HttpServletRequest request, OAuth2AccessToken token) {
		request.setAttribute(ATTRIBUTE, token);
	}

	static Optional<OAuth2AccessToken> of(HttpServletRequest request) {
		return request.getAttribute(ATTRIBUTE) instanceof OAuth2AccessToken token ? Optional.of(token)
				: Optional.empty();
	}

	/** The current request's token, from Spring's request context. */
	static Optional<OAuth2AccessToken> current() {
		RequestAttributes request = RequestContextHolder.getRequestAttributes();
		return request != null && request.getAttribute(ATTRIBUTE,
				RequestAttributes.SCOPE_REQUEST) instanceof OAuth2AccessToken token ? Optional.of(token)
						: Optional.empty();
	}

}
