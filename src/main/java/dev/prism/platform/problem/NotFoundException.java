package dev.prism.platform.problem;

import org.springframework.http.HttpStatus;

/** A resource the client named does not exist (404). */
public class NotFoundException extends ProblemException {

	public NotFoundException(String detail) {
		super(HttpStatus.NOT_FOUND, "not-found", "Not found", detail);
	}

}
