package dev.prism.platform.problem;

import org.springframework.http.HttpStatus;

/** The request is well-formed but cannot be processed as sent (422), e.g. an idempotency key reused with another body. */
public class UnprocessableRequestException extends ProblemException {

	public UnprocessableRequestException(String kind, String title, String detail) {
		super(HttpStatus.UNPROCESSABLE_ENTITY, kind, title, detail);
	}

}
