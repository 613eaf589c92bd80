package dev.prism.platform;

import org.springframework.http.HttpStatus;

/** A service Prism needs answered something unusable (502). */
public class DependencyFailureException extends ProblemException {

	public DependencyFailureException(String kind, String detail, Throwable cause) {
		super(HttpStatus.BAD_GATEWAY, kind, "Bad gateway", detail, null, null, cause);
	}

}
