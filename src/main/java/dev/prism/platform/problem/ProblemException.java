package dev.prism.platform.problem;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;

/**
 * Base of every exception that becomes an RFC 9457 problem detail. The {@code kind} ends up as the problem type
 * {@code urn:prism:problem:<kind>}; the detail must be safe to show to a client (no class names, URLs or secrets).
 */
public abstract class ProblemException extends RuntimeException {

	private final HttpStatus status;

	private final String kind;

	private final String title;

	private final @Nullable Duration retryAfter;

	private final Map<String, Object> properties;

	protected ProblemException(HttpStatus status, String kind, String title, String detail, @Nullable Duration retryAfter,
			@Nullable Map<String, Object> properties, @Nullable Throwable cause) {
		super(detail, cause);
		this.status = status;
		this.kind = kind;
		this.title = title;
		this.retryAfter = retryAfter;
		this.properties = properties == null ? Map.of() : Map.copyOf(properties);
	}

	protected ProblemException(HttpStatus status, String kind, String title, String detail) {
		this(status, kind, title, detail, null, null, null);
	}

	public HttpStatus status() {
		return this.status;
	}

	public String kind() {
		return this.kind;
	}

	public String title() {
		return this.title;
	}

	/** The client-safe explanation. */
	public String detail() {
		return String.valueOf(getMessage());
	}

	public Optional<Duration> retryAfter() {
		return Optional.ofNullable(this.retryAfter);
	}

	/** Extra, client-safe members of the problem detail. */
	public Map<String, Object> properties() {
		return this.properties;
	}

}
