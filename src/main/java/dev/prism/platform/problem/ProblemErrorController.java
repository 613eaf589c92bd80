package dev.prism.platform.problem;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.prism.platform.request.CorrelationIdFilter;

/**
 * Answers errors raised outside Spring MVC's handlers (the servlet container, filters, {@code sendError}) with a
 * problem detail instead of Boot's default error page, revealing nothing but the status and the request id.
 */
@RestController
class ProblemErrorController implements ErrorController {

	@RequestMapping(path = "${server.error.path:/error}", produces = { MediaType.APPLICATION_PROBLEM_JSON_VALUE,
			MediaType.APPLICATION_JSON_VALUE, MediaType.ALL_VALUE })
	ResponseEntity<Object> error(HttpServletRequest request) {
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		HttpStatusCode status = code instanceof Integer value && value >= 400 ? HttpStatusCode.valueOf(value)
				: HttpStatus.INTERNAL_SERVER_ERROR;
		ProblemDetail problem = ProblemDetails.ofStatus(status);
		if (request.getAttribute(CorrelationIdFilter.ATTRIBUTE) instanceof String requestId) {
			problem.setProperty("requestId", requestId);
		}
		return ProblemResponseWriter.entity(problem, null, HttpHeaders.EMPTY);
	}

}
