package dev.prism.platform.problem;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

import tools.jackson.databind.json.JsonMapper;

import dev.prism.platform.request.CorrelationIdFilter;

/**
 * Writes a problem detail straight to the servlet response, for code that runs before Spring MVC: security entry
 * points, access-denied handlers, rate limiters and other filters.
 */
public class ProblemResponseWriter {

	private final JsonMapper jsonMapper;

	public ProblemResponseWriter(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	public void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
		if (response.isCommitted()) {
			return;
		}
		response.setStatus(problem.getStatus());
		if (problem.getProperties() != null && problem.getProperties().get("requestId") instanceof String requestId) {
			// Whatever reset the response before, the answer keeps its correlation id.
			response.setHeader(CorrelationIdFilter.HEADER, requestId);
		}
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		this.jsonMapper.writeValue(response.getOutputStream(), ProblemDetails.asMap(problem));
	}

}
