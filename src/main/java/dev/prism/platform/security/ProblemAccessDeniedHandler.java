package dev.prism.platform.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;

import dev.prism.platform.problem.ProblemDetails;
import dev.prism.platform.problem.ProblemResponseWriter;

/** Answers authenticated but forbidden requests (missing scope or role, bad CSRF token) with a 403 problem detail. */
public class ProblemAccessDeniedHandler implements AccessDeniedHandler {

	private final ProblemResponseWriter writer;

	public ProblemAccessDeniedHandler(ProblemResponseWriter writer) {
		this.writer = writer;
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response,
			AccessDeniedException accessDeniedException) throws IOException {
		boolean csrf = accessDeniedException instanceof CsrfException;
		this.writer.write(response,
				csrf ? ProblemDetails.of(HttpStatus.FORBIDDEN, "csrf", "Forbidden",
						"A valid CSRF token is required: send the XSRF-TOKEN cookie's value as the X-XSRF-TOKEN header.")
						: ProblemDetails.of(HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
								"Your credentials do not allow this operation."));
	}

}
