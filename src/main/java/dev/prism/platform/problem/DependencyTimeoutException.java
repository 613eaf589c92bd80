package dev.prism.platform.problem;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;

/** A service Prism needs did not answer within the request's time budget (504). */
public class DependencyTimeoutException extends ProblemException {

	public DependencyTimeoutException(String kind, String detail, @Nullable Duration retryAfter, @Nullable Throwable cause) {
		super(HttpStatus.GATEWAY_TIMEOUT, kind, "Gateway timeout", detail, retryAfter, null, cause);
	}

}
