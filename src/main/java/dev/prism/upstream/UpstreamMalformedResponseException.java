package dev.prism.upstream;

import dev.prism.platform.problem.DependencyFailureException;

import org.jspecify.annotations.Nullable;

/** An upstream service answered with something that is not the contract's shape. */
public class UpstreamMalformedResponseException extends DependencyFailureException {

	public UpstreamMalformedResponseException(String service, @Nullable Throwable cause) {
		super("upstream-malformed", "The " + service + " service answered with an unexpected response.", cause);
	}

}
