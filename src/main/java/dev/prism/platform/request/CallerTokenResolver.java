package dev.prism.platform.request;

import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;

/**
 * How a channel finds its caller's access token, on the request thread once its security chain has authenticated
 * (and, on the web, refreshed) the caller. The web and mobile channels implement it; partners have none.
 */
@FunctionalInterface
public interface CallerTokenResolver {

	/** The caller's token, or {@code null} for a caller without one (anonymous, a password session). */
	@Nullable CallerToken resolve(HttpServletRequest request);

}
