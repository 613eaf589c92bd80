package dev.prism.platform.problem;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

import tools.jackson.databind.json.JsonMapper;

import dev.prism.platform.request.CorrelationIdFilter;

/**
 * The one writer of problem details: it decides the headers every problem answer carries ({@code problem+json},
 * {@code no-store}, {@code X-Request-Id}, {@code Retry-After}), whether a filter or Spring MVC ({@link #entity}) writes it.
 */
public class ProblemResponseWriter {

	private final JsonMapper jsonMapper;

	public ProblemResponseWriter(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	public void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
		write(response, problem, null);
	}

	/** Writes {@code problem}, asking the client to come back after {@code retryAfter} when it is not null. */
	public void write(HttpServletResponse response, ProblemDetail problem, @Nullable Duration retryAfter) throws IOException {
		if (response.isCommitted()) {
			return;
		}
		prepare(response, problem, retryAfter);
		this.jsonMapper.writeValue(response.getOutputStream(), ProblemDetails.asMap(problem));
	}

	public void write(HttpServletResponse response, ProblemException exception) throws IOException {
		write(response, ProblemDetails.of(exception), exception.retryAfter().orElse(null));
	}

	/** The problem as Spring MVC writes it, with {@code headers} of its own (e.g. {@code Allow}) kept. */
	public static ResponseEntity<Object> entity(ProblemDetail problem, @Nullable Duration retryAfter,
			HttpHeaders headers) {
		HttpHeaders all = new HttpHeaders();
		all.addAll(headers);
		headers(problem, retryAfter).forEach(all::put);
		return ResponseEntity.status(problem.getStatus()).headers(all).body(problem);
	}

	/** The problem's JSON, for a writer that is not a servlet output stream (Tomcat's error report). */
	String json(ProblemDetail problem) {
		return this.jsonMapper.writeValueAsString(ProblemDetails.asMap(problem));
	}

	void prepare(HttpServletResponse response, ProblemDetail problem, @Nullable Duration retryAfter) {
		response.setStatus(problem.getStatus());
		// Whatever reset the response before, the answer keeps its correlation id.
		headers(problem, retryAfter).forEach((name, values) -> response.setHeader(name, values.get(0)));
	}

	/** {@code Retry-After} in whole seconds, rounded up and at least 1: a client told 0 would come straight back. */
	static String retryAfterSeconds(Duration retryAfter) {
		long millis = Math.max(retryAfter.toMillis(), 1);
		return Long.toString((millis + 999) / 1000);
	}

	private static HttpHeaders headers(ProblemDetail problem, @Nullable Duration retryAfter) {
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		headers.setCacheControl("no-store");
		if (problem.getProperties() != null && problem.getProperties().get("requestId") instanceof String requestId) {
			headers.set(CorrelationIdFilter.HEADER, requestId);
		}
		if (retryAfter != null) {
			headers.set(HttpHeaders.RETRY_AFTER, retryAfterSeconds(retryAfter));
		}
		return headers;
	}

}
