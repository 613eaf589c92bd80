package dev.prism.platform.request;

import org.jspecify.annotations.Nullable;

/** The channel a request path belongs to, for metrics and logs: {@code web}, {@code mobile}, {@code partner} or {@code none}. */
public final class Channels {

	/** The servlet URL patterns of the three channels. */
	static final String[] PATH_PATTERNS = { "/web/*", "/mobile/*", "/partner/*" };

	private Channels() {
	}

	public static String ofPath(@Nullable String path) {
		if (path == null) {
			return "none";
		}
		if (path.startsWith("/web/")) {
			return "web";
		}
		if (path.startsWith("/mobile/")) {
			return "mobile";
		}
		if (path.startsWith("/partner/")) {
			return "partner";
		}
		return "none";
	}

}
