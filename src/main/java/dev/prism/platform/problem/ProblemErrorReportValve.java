package dev.prism.platform.problem;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

import dev.prism.platform.request.CorrelationIdFilter;
import dev.prism.platform.request.RequestContext;

/**
 * Replaces Tomcat's HTML error page for requests the container rejects before any filter runs (malformed URLs,
 * encoded slashes, oversized headers) with a problem detail that reveals nothing but the status and a request id.
 * Added to the host as an instance, so it writes through the one {@link ProblemResponseWriter}.
 */
class ProblemErrorReportValve extends ErrorReportValve {

	private final ProblemResponseWriter writer;

	ProblemErrorReportValve(ProblemResponseWriter writer) {
		this.writer = writer;
	}

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		String requestId = response.getHeader(CorrelationIdFilter.HEADER);
		ProblemDetail problem = ProblemDetails.ofStatus(HttpStatusCode.valueOf(status));
		problem.setProperty("requestId", requestId != null ? requestId : RequestContext.newRequestId());
		try {
			this.writer.prepare(response, problem, null);
			response.setCharacterEncoding(StandardCharsets.UTF_8.name());
			Writer reporter = response.getReporter();
			if (reporter != null) {
				reporter.write(this.writer.json(problem));
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// The client is gone or the response already committed: nothing more to say.
		}
	}

}
