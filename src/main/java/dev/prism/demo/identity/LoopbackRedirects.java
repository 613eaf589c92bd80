package dev.prism.demo.identity;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationValidator;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationValidator;

/**
 * Where the demo provider may send the browser back: Prism runs on a loopback address whose port is known only once
 * it listens (a test's random port), and a browser may have opened it as {@code localhost} or {@code 127.0.0.1}. So a
 * redirect URI (and a post-logout redirect URI) on a loopback host — {@code 127.x.x.x}, {@code [::1]} or
 * {@code localhost} — matches a registered loopback URI with the same scheme, path and query on any port, as RFC 8252
 * section 7.3 asks of loopback IP redirects (Spring Authorization Server does this for loopback IP literals only, and
 * refuses {@code localhost}); anything else is matched exactly by Spring Authorization Server's own validators.
 */
final class LoopbackRedirects {

	private static final Pattern IPV4_LOOPBACK = Pattern.compile("127(\\.\\d{1,3}){3}");

	private LoopbackRedirects() {
	}

	/** Validates the {@code redirect_uri} and the scopes of an authorization request. */
	static Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> authorizationRequests() {
		Consumer<OAuth2AuthorizationCodeRequestAuthenticationContext> redirectUri = context -> {
			if (!matchesOnLoopback(context.<OAuth2AuthorizationCodeRequestAuthenticationToken>getAuthentication().getRedirectUri(),
					context.getRegisteredClient().getRedirectUris())) {
				OAuth2AuthorizationCodeRequestAuthenticationValidator.DEFAULT_REDIRECT_URI_VALIDATOR.accept(context);
			}
		};
		return redirectUri.andThen(OAuth2AuthorizationCodeRequestAuthenticationValidator.DEFAULT_SCOPE_VALIDATOR);
	}

	/** Validates the {@code post_logout_redirect_uri} of an RP-initiated logout. */
	static Consumer<OidcLogoutAuthenticationContext> logoutRequests() {
		return context -> {
			if (!matchesOnLoopback(context.<OidcLogoutAuthenticationToken>getAuthentication().getPostLogoutRedirectUri(),
					context.getRegisteredClient().getPostLogoutRedirectUris())) {
				OidcLogoutAuthenticationValidator.DEFAULT_POST_LOGOUT_REDIRECT_URI_VALIDATOR.accept(context);
			}
		};
	}

	/** Whether {@code requested} is on a loopback host and one of {@code registered} but for host and port. */
	static boolean matchesOnLoopback(String requested, Collection<String> registered) {
		URI uri = parse(requested);
		if (uri == null || uri.getRawFragment() != null || uri.getRawUserInfo() != null || !isLoopback(uri.getHost())) {
			return false;
		}
		for (String candidate : registered) {
			URI allowed = parse(candidate);
			if (allowed != null && isLoopback(allowed.getHost()) && allowed.getScheme().equalsIgnoreCase(uri.getScheme())
					&& Objects.equals(allowed.getRawPath(), uri.getRawPath())
					&& Objects.equals(allowed.getRawQuery(), uri.getRawQuery())) {
				return true;
			}
		}
		return false;
	}

	static boolean isLoopback(@Nullable String host) {
		return host != null && (host.equalsIgnoreCase("localhost") || host.equals("[::1]")
				|| host.equals("[0:0:0:0:0:0:0:1]") || IPV4_LOOPBACK.matcher(host).matches());
	}

	private static @Nullable URI parse(@Nullable String uri) {
		if (uri == null || uri.isBlank()) {
			return null;
		}
		try {
			URI parsed = new URI(uri);
			return parsed.isAbsolute() && parsed.getHost() != null ? parsed : null;
		}
		catch (URISyntaxException ex) {
			return null;
		}
	}

}
