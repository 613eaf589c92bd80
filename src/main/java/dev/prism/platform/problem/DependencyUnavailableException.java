package dev.prism.platform.problem;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;

/** A service Prism needs to answer is unavailable (503 with {@code Retry-After}). */
public class DependencyUnavailableException extends ProblemException {

	public DependencyUnavailableException(String kind, String detail, @Nullable Duration retryAfter, @Nullable Throwable cause) {
		super(HttpStatus.SERVICE_UNAVAILABLE, kind, "Service unavailable", detail, retryAfter, null, cause);
	}

}
