package dev.prism.platform.problem;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;

/** A service Prism needs answered something unusable (502, with {@code Retry-After}: it may well recover). */
public class DependencyFailureException extends ProblemException {

	public DependencyFailureException(String kind, String detail, @Nullable Throwable cause) {
		super(HttpStatus.BAD_GATEWAY, kind, "Bad gateway", detail, Duration.ofSeconds(5), null, cause);
	}

}
