package dev.prism.platform.security;

import java.time.Duration;

import org.springframework.security.core.AuthenticationException;

/**
 * An authentication refused before the credential was checked, or after too many failures: the entry point answers
 * 429 with {@code Retry-After} instead of 401.
 */
public class AttemptsThrottledException extends AuthenticationException {

	private final String kind;

	private final Duration retryAfter;

	/**
	 * @param kind the problem kind, e.g. {@code too-many-bad-tokens}
	 * @param detail the client-safe explanation
	 */
	public AttemptsThrottledException(String kind, String detail, Duration retryAfter) {
		super(detail);
		this.kind = kind;
		this.retryAfter = retryAfter;
	}

	public String kind() {
		return this.kind;
	}

	/** At least a second. */
	public Duration retryAfter() {
		return this.retryAfter.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : this.retryAfter;
	}

}
