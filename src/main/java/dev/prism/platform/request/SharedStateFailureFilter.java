package dev.prism.platform.request;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.prism.platform.problem.ProblemDetails;
import dev.prism.platform.problem.ProblemResponseWriter;

/**
 * Fails closed when the shared state store (Redis, profile {@code distributed}) is unreachable while a request needs
 * it — typically its web session: the answer is a 503 problem detail with {@code Retry-After}, never an anonymous
 * session, a 500 or a stack trace. Ordered before Spring Session's filter so it sees that filter's failures too.
 */
class SharedStateFailureFilter extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(SharedStateFailureFilter.class);

	private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

	private final ProblemResponseWriter writer;

	SharedStateFailureFilter(ProblemResponseWriter writer) {
		this.writer = writer;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		catch (DataAccessException ex) {
			fail(response, ex);
		}
		catch (ServletException | RuntimeException ex) {
			if (!(ex.getCause() instanceof DataAccessException cause)) {
				throw ex;
			}
			fail(response, cause);
		}
	}

	private void fail(HttpServletResponse response, DataAccessException ex) throws IOException {
		log.warn("Shared state store unavailable: {}", ex.getMessage());
		if (response.isCommitted()) {
			return;
		}
		response.resetBuffer();
		ProblemDetail problem = ProblemDetails.of(HttpStatus.SERVICE_UNAVAILABLE, "session-store-unavailable",
				"Service unavailable", "Sessions cannot be read right now. Try again shortly.");
		this.writer.write(response, problem, RETRY_AFTER);
	}

}
