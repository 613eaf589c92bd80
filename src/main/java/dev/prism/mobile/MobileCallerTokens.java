package dev.prism.mobile;

import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import dev.prism.platform.request.CallerToken;
import dev.prism.platform.request.CallerTokenResolver;

/** The mobile caller's token for upstreams that see the user: the app's own bearer token, as verified. */
final class MobileCallerTokens implements CallerTokenResolver {

	@Override
	public @Nullable CallerToken resolve(HttpServletRequest request) {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication instanceof JwtAuthenticationToken jwt) {
			return new CallerToken(jwt.getToken().getTokenValue(), jwt.getToken().getExpiresAt());
		}
		return null;
	}

}
