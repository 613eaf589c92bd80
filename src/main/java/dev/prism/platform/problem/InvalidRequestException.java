package dev.prism.platform.problem;

import java.util.Map;

import org.springframework.http.HttpStatus;

/** The client sent something malformed or out of bounds (400). */
public class InvalidRequestException extends ProblemException {

	public InvalidRequestException(String detail) {
		super(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", detail);
	}

	public InvalidRequestException(String kind, String title, String detail) {
		super(HttpStatus.BAD_REQUEST, kind, title, detail);
	}

	public InvalidRequestException(String kind, String title, String detail, Map<String, Object> properties) {
		super(HttpStatus.BAD_REQUEST, kind, title, detail, null, properties, null);
	}

}
