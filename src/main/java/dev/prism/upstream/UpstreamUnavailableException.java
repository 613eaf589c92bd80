package dev.prism.upstream;

import java.time.Duration;

import dev.prism.platform.problem.DependencyUnavailableException;

import org.jspecify.annotations.Nullable;

/** An upstream service refused, failed (5xx), is unreachable, or its circuit breaker or bulkhead is closed to us. */
public class UpstreamUnavailableException extends DependencyUnavailableException {

	private final String service;

	/** How long clients are asked to wait when nothing more precise (an open circuit's wait) is known. */
	static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(5);

	public UpstreamUnavailableException(String service, @Nullable Duration retryAfter,
			@Nullable Throwable cause) {
		super("upstream-unavailable", "The " + service + " service is unavailable. Try again later.",
				retryAfter != null ? retryAfter : DEFAULT_RETRY_AFTER, cause);
		this.service = service;
	}

	public String service() {
		return this.service;
	}

}
