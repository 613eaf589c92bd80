package dev.prism.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.client.ClientAuthorizationRequiredException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import dev.prism.platform.problem.ProblemDetails;
import dev.prism.platform.problem.ProblemResponseWriter;

/**
 * A web handler that finds its session without the tokens it needs ({@link ClientAuthorizationRequiredException},
 * which Spring Security would otherwise answer with a redirect to the provider, useless to a single-page app) ends
 * the session and answers 401 {@code urn:prism:problem:session-expired}, as {@link WebTokenRefreshFilter} does.
 */
@RestControllerAdvice(basePackageClasses = WebSessionExpiredAdvice.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class WebSessionExpiredAdvice {

	private final WebLogin login;

	WebSessionExpiredAdvice(WebLogin login) {
		this.login = login;
	}

	@ExceptionHandler(ClientAuthorizationRequiredException.class)
	ResponseEntity<Object> sessionExpired(HttpServletRequest request, HttpServletResponse response) {
		WebTokenRefreshFilter.endSession(request, response, this.login.csrfTokens());
		return ProblemResponseWriter.entity(ProblemDetails.of(HttpStatus.UNAUTHORIZED, "session-expired",
				"Unauthorized", "The session has expired: log in again."), null, HttpHeaders.EMPTY);
	}

}
