package dev.prism.platform.request;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The caller's own access token for one request — a web session's (refreshed server-side) or the mobile app's
 * bearer — which {@code upstream} relays or exchanges for services configured so. Its text never shows in
 * {@link #toString()}: never log it, never answer it.
 */
public final class CallerToken {

	private final String value;

	private final @Nullable Instant expiresAt;

	public CallerToken(String value, @Nullable Instant expiresAt) {
		if (value.isBlank()) {
			throw new IllegalArgumentException("A caller token has a value");
		}
		this.value = value;
		this.expiresAt = expiresAt;
	}

	/** The token itself, for an {@code Authorization} header or a token exchange only. */
	public String value() {
		return this.value;
	}

	/** When it expires, if known. */
	public @Nullable Instant expiresAt() {
		return this.expiresAt;
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return other instanceof CallerToken token && this.value.equals(token.value)
				&& Objects.equals(this.expiresAt, token.expiresAt);
	}

	@Override
	public int hashCode() {
		return this.value.hashCode();
	}

	@Override
	public String toString() {
		return "CallerToken[redacted]";
	}

}
