package dev.prism.web;

import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;

import dev.prism.platform.request.CallerToken;
import dev.prism.platform.request.CallerTokenResolver;

/**
 * The web caller's token for upstreams that see the user: the access token of an OpenID Connect session, valid for
 * the request ({@link WebTokenRefreshFilter} refreshed it when it was due). Anonymous requests and password sessions
 * have none.
 */
final class WebCallerTokens implements CallerTokenResolver {

	@Override
	public @Nullable CallerToken resolve(HttpServletRequest request) {
		return WebAccessToken.of(request)
			.map(token -> new CallerToken(token.getTokenValue(), token.getExpiresAt()))
			.orElse(null);
	}

}
