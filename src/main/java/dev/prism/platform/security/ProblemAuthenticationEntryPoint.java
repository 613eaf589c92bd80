package dev.prism.platform.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

import dev.prism.platform.problem.ProblemDetails;
import dev.prism.platform.problem.ProblemResponseWriter;

/**
 * Answers unauthenticated requests with a 401 problem detail and the channel's {@code WWW-Authenticate} challenge, and
 * throttled ones ({@link AttemptsThrottledException}) with a 429 problem detail and {@code Retry-After}.
 */
public class ProblemAuthenticationEntryPoint implements AuthenticationEntryPoint {

	private final ProblemResponseWriter writer;

	private final @Nullable String challenge;

	private final String detail;

	/**
	 * @param challenge the {@code WWW-Authenticate} value, e.g. {@code Bearer} or {@code ApiKey header="X-Api-Key"}
	 * @param detail what the client must send, in words
	 */
	public ProblemAuthenticationEntryPoint(ProblemResponseWriter writer, @Nullable String challenge, String detail) {
		this.writer = writer;
		this.challenge = challenge;
		this.detail = detail;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException authException) throws IOException {
		if (authException instanceof AttemptsThrottledException throttled) {
			this.writer.write(response, ProblemDetails.of(HttpStatus.TOO_MANY_REQUESTS, throttled.kind(),
					"Too many requests", String.valueOf(throttled.getMessage())), throttled.retryAfter());
			return;
		}
		if (this.challenge != null) {
			response.setHeader("WWW-Authenticate", this.challenge);
		}
		this.writer.write(response,
				ProblemDetails.of(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized", this.detail));
	}

}
