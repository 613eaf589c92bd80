package dev.prism.upstream;

import java.time.Duration;

import dev.prism.platform.DependencyUnavailableException;

/** An upstream service refused, failed (5xx), is unreachable, or its circuit breaker or bulkhead is closed to us. */
public class UpstreamUnavailableException extends DependencyUnavailableException {

	private final String service;

	public UpstreamUnavailableException(String service, Duration retryAfter, Throwable cause) {
		super("upstream-unavailable", "The " + service + " service is unavailable. Try again later.", retryAfter,
				cause);
		this.service = service;
	}

	public String service() {
		return this.service;
	}

}
