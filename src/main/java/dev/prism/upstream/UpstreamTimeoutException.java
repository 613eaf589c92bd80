package dev.prism.upstream;

import java.time.Duration;

import dev.prism.platform.problem.DependencyTimeoutException;

import org.jspecify.annotations.Nullable;

/** An upstream service did not answer within its timeout or the request's deadline. */
public class UpstreamTimeoutException extends DependencyTimeoutException {

	private final String service;

	public UpstreamTimeoutException(String service, @Nullable Throwable cause) {
		super("upstream-timeout", "The " + service + " service did not answer in time. Try again later.",
				Duration.ofSeconds(1), cause);
		this.service = service;
	}

	public String service() {
		return this.service;
	}

}
