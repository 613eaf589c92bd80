package dev.prism.platform.problem;

import java.time.Duration;

import org.springframework.http.HttpStatus;

/** The request conflicts with one still in progress (409). */
public class ConflictException extends ProblemException {

	public ConflictException(String kind, String title, String detail) {
		super(HttpStatus.CONFLICT, kind, title, detail, Duration.ofSeconds(1), null, null);
	}

}
