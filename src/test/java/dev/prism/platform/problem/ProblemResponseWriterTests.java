package dev.prism.platform.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletResponse;

/** The one writer: a problem carries the same headers whether a filter or Spring MVC writes it. */
class ProblemResponseWriterTests {

	private final ProblemResponseWriter writer = new ProblemResponseWriter(JsonMapper.builder().build());

	@Test
	void aFilterAndSpringMvcWriteTheSameHeaders() throws Exception {
		ProblemDetail problem = ProblemDetails.of(HttpStatus.SERVICE_UNAVAILABLE, "overloaded", "Service unavailable",
				"Retry in a moment.");
		problem.setProperty("requestId", "req-1");
		MockHttpServletResponse servlet = new MockHttpServletResponse();
		this.writer.write(servlet, problem, Duration.ofMillis(1200));
		ResponseEntity<Object> mvc = ProblemResponseWriter.entity(problem, Duration.ofMillis(1200), HttpHeaders.EMPTY);

		assertThat(servlet.getStatus()).isEqualTo(503).isEqualTo(mvc.getStatusCode().value());
		for (String header : new String[] { "Content-Type", "Cache-Control", "X-Request-Id", "Retry-After" }) {
			assertThat(servlet.getHeader(header)).as(header).isNotNull().isEqualTo(mvc.getHeaders().getFirst(header));
		}
		assertThat(servlet.getHeader("Retry-After")).isEqualTo("2");
		assertThat(servlet.getContentAsString()).contains("\"type\":\"urn:prism:problem:overloaded\"")
			.contains("\"requestId\":\"req-1\"");
	}

	@Test
	void retryAfterIsWholeSecondsRoundedUpAndNeverZero() {
		assertThat(ProblemResponseWriter.retryAfterSeconds(Duration.ZERO)).isEqualTo("1");
		assertThat(ProblemResponseWriter.retryAfterSeconds(Duration.ofMillis(10))).isEqualTo("1");
		assertThat(ProblemResponseWriter.retryAfterSeconds(Duration.ofSeconds(5))).isEqualTo("5");
		assertThat(ProblemResponseWriter.retryAfterSeconds(Duration.ofMillis(5001))).isEqualTo("6");
	}

	@Test
	void springMvcsOwnHeadersAreKept() {
		HttpHeaders allow = new HttpHeaders();
		allow.set(HttpHeaders.ALLOW, "GET");
		ResponseEntity<Object> answer = ProblemResponseWriter.entity(
				ProblemDetails.ofStatus(HttpStatus.METHOD_NOT_ALLOWED), null, allow);

		assertThat(answer.getHeaders().getFirst(HttpHeaders.ALLOW)).isEqualTo("GET");
		assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isNull();
	}

	@Test
	void aBareStatusRevealsNothingButItsReasonOrTheRequestId() {
		assertThat(ProblemDetails.ofStatus(HttpStatus.INTERNAL_SERVER_ERROR).getDetail())
			.isEqualTo(ProblemDetails.UNEXPECTED);
		assertThat(ProblemDetails.ofStatus(HttpStatus.BAD_GATEWAY).getDetail()).isEqualTo(ProblemDetails.UNEXPECTED);
		assertThat(ProblemDetails.ofStatus(HttpStatus.NOT_FOUND).getDetail())
			.isEqualTo("The request was rejected: Not Found.");
	}

}
