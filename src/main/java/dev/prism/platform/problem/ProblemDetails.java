package dev.prism.platform.problem;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

import dev.prism.platform.request.RequestContext;

/**
 * Builds Prism's RFC 9457 problem details: {@code type} is {@code urn:prism:problem:<kind>} and every problem carries
 * the request's correlation id as {@code requestId}.
 */
public final class ProblemDetails {

	/** Prefix of every problem type. */
	public static final String TYPE_PREFIX = "urn:prism:problem:";

	/** What a 5xx nobody planned for says: nothing but that the request id identifies it. */
	static final String UNEXPECTED = "An unexpected error occurred. Quote the requestId when reporting it.";

	private ProblemDetails() {
	}

	public static ProblemDetail of(HttpStatusCode status, String kind, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatus(status);
		problem.setType(URI.create(TYPE_PREFIX + kind));
		problem.setTitle(title);
		problem.setDetail(detail);
		problem.setProperty("requestId", RequestContext.current().requestId());
		return problem;
	}

	/**
	 * The problem for a bare status, when nothing more specific is known (the container, a library's own client error,
	 * anything unexpected): a 5xx reveals nothing but the request id, a 4xx only its reason phrase.
	 */
	public static ProblemDetail ofStatus(HttpStatusCode status) {
		String detail = status.is5xxServerError() ? UNEXPECTED : "The request was rejected: " + titleOf(status) + ".";
		return of(status, kindOf(status), titleOf(status), detail);
	}

	public static ProblemDetail of(ProblemException exception) {
		ProblemDetail problem = of(exception.status(), exception.kind(), exception.title(), exception.detail());
		exception.properties().forEach(problem::setProperty);
		return problem;
	}

	/** The kind used for a status when nothing more specific is known. */
	public static String kindOf(HttpStatusCode status) {
		return switch (status.value()) {
			case 400 -> "invalid-request";
			case 401 -> "unauthorized";
			case 403 -> "forbidden";
			case 404 -> "not-found";
			case 405 -> "method-not-allowed";
			case 406 -> "not-acceptable";
			case 409 -> "conflict";
			case 413 -> "payload-too-large";
			case 414 -> "uri-too-long";
			case 415 -> "unsupported-media-type";
			case 422 -> "unprocessable-request";
			case 426 -> "upgrade-required";
			case 429 -> "too-many-requests";
			case 431 -> "headers-too-large";
			case 503 -> "service-unavailable";
			case 504 -> "gateway-timeout";
			default -> status.is4xxClientError() ? "invalid-request" : "internal-error";
		};
	}

	/** The standard reason phrase of a status, used as a title. */
	public static String titleOf(HttpStatusCode status) {
		HttpStatus known = HttpStatus.resolve(status.value());
		return known != null ? known.getReasonPhrase() : "Error";
	}

	/** The problem as a plain map in RFC 9457 member order, for writers outside Spring MVC. */
	public static Map<String, Object> asMap(ProblemDetail problem) {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("type", String.valueOf(problem.getType()));
		map.put("title", problem.getTitle());
		map.put("status", problem.getStatus());
		if (problem.getDetail() != null) {
			map.put("detail", problem.getDetail());
		}
		if (problem.getInstance() != null) {
			map.put("instance", problem.getInstance().toString());
		}
		if (problem.getProperties() != null) {
			map.putAll(problem.getProperties());
		}
		return map;
	}

}
