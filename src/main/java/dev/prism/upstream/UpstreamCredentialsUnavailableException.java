package dev.prism.upstream;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import dev.prism.platform.problem.DependencyUnavailableException;

/**
 * A call could not get the credential its service is configured for — no user to relay, or the identity provider
 * refused or did not answer — so it was not sent (503 {@code urn:prism:problem:upstream-credentials-unavailable}, or
 * the section listed in {@code degraded} when it is optional).
 */
public class UpstreamCredentialsUnavailableException extends DependencyUnavailableException {

	private final String service;

	UpstreamCredentialsUnavailableException(String service, @Nullable Duration retryAfter, @Nullable Throwable cause) {
		super("upstream-credentials-unavailable",
				"Prism could not obtain the credentials the " + service + " service needs for this request.",
				retryAfter, cause);
		this.service = service;
	}

	public String service() {
		return this.service;
	}

}
