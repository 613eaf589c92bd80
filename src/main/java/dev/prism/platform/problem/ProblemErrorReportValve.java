package dev.prism.platform.problem;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

import org.springframework.http.HttpStatusCode;

import dev.prism.platform.request.RequestContext;

/**
 * Replaces Tomcat's HTML error page for requests the container rejects before any filter runs (malformed URLs,
 * encoded slashes, oversized headers) with a problem detail that reveals nothing but the status and a request id.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		HttpStatusCode code = HttpStatusCode.valueOf(status);
		String requestId = response.getHeader("X-Request-Id");
		if (requestId == null) {
			requestId = RequestContext.newRequestId();
			response.setHeader("X-Request-Id", requestId);
		}
		String detail = code.is5xxServerError() ? "An unexpected error occurred. Quote the requestId when reporting it."
				: "The request was rejected: " + ProblemDetails.titleOf(code) + ".";
		String body = "{\"type\":\"" + ProblemDetails.TYPE_PREFIX + ProblemDetails.kindOf(code) + "\",\"title\":\""
				+ ProblemDetails.titleOf(code) + "\",\"status\":" + status + ",\"detail\":\"" + detail
				+ "\",\"requestId\":\"" + requestId + "\"}";
		try {
			response.setContentType("application/problem+json");
			response.setCharacterEncoding(StandardCharsets.UTF_8.name());
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write(body);
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// The client is gone or the response already committed: nothing more to say.
		}
	}

}
