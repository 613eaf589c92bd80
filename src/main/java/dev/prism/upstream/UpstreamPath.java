package dev.prism.upstream;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

import org.springframework.web.util.UriUtils;

/**
 * The path and query of one upstream call, percent-encoded as it is built (a {@code /} in a sku cannot climb the
 * path) and appended to the service's base URL, without a URI template per call (bench/README.md, tuning notes).
 */
final class UpstreamPath {

	private final StringBuilder text = new StringBuilder(64);

	private boolean hasQuery;

	private UpstreamPath(String path) {
		this.text.append(path);
	}

	/** A fixed path such as {@code /products}; it is used as written. */
	static UpstreamPath of(String path) {
		if (!path.startsWith("/")) {
			throw new IllegalArgumentException("An upstream path starts with '/': " + path);
		}
		return new UpstreamPath(path);
	}

	/** Appends {@code /value}, every character outside RFC 3986's unreserved set percent-encoded. */
	UpstreamPath segment(Object value) {
		requireNoQuery();
		this.text.append('/').append(UriUtils.encode(String.valueOf(value), StandardCharsets.UTF_8));
		return this;
	}

	/** Appends a fixed part of the path such as {@code /reviews}; it is used as written. */
	UpstreamPath then(String path) {
		requireNoQuery();
		this.text.append(path);
		return this;
	}

	private void requireNoQuery() {
		if (this.hasQuery) {
			throw new IllegalStateException("Path segments come before query parameters");
		}
	}

	/** Appends {@code name=value} to the query; a {@code null} value is left out. */
	UpstreamPath query(String name, @Nullable Object value) {
		if (value != null) {
			this.text.append(this.hasQuery ? '&' : '?')
				.append(name)
				.append('=')
				.append(UriUtils.encodeQueryParam(String.valueOf(value), StandardCharsets.UTF_8));
			this.hasQuery = true;
		}
		return this;
	}

	/** The absolute URI below {@code baseUrl} (which may carry a path of its own, without a trailing slash). */
	URI under(String baseUrl) {
		return URI.create(baseUrl + this.text);
	}

	@Override
	public String toString() {
		return this.text.toString();
	}

}
