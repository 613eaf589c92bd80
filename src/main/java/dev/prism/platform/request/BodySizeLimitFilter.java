package dev.prism.platform.request;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.prism.platform.problem.BodyTooLargeException;
import dev.prism.platform.problem.ProblemDetails;
import dev.prism.platform.problem.ProblemResponseWriter;

/**
 * Refuses request bodies over {@code prism.http.max-body-size} with 413: at once when {@code Content-Length} says so,
 * and while reading when a chunked body grows past the limit, so no more than the limit is ever read. Under the
 * channel prefixes, where every body is JSON, multipart and form bodies are refused with 415 before anything reads a
 * parameter: the container parses those itself when a parameter is asked for (Spring Security's CSRF filter asks for
 * {@code _csrf}), around this filter's limit.
 */
class BodySizeLimitFilter extends OncePerRequestFilter {

	private final long maxBytes;

	private final ProblemResponseWriter writer;

	BodySizeLimitFilter(DataSize maxBodySize, ProblemResponseWriter writer) {
		this.maxBytes = maxBodySize.toBytes();
		this.writer = writer;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getContentLengthLong() > this.maxBytes) {
			tooLarge(response);
			return;
		}
		if (isFormOrMultipart(request.getContentType()) && !"none".equals(Channels.ofPath(request.getServletPath()))) {
			this.writer.write(response, ProblemDetails.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
					"Unsupported media type", "Request bodies are JSON: send Content-Type application/json."));
			return;
		}
		try {
			chain.doFilter(new LimitedRequest(request, this.maxBytes), response);
		}
		catch (BodyTooLargeException | ServletException ex) {
			if (!(ex instanceof BodyTooLargeException) && !(ex.getCause() instanceof BodyTooLargeException)) {
				throw ex;
			}
			tooLarge(response);
		}
	}

	private static boolean isFormOrMultipart(String contentType) {
		if (contentType == null) {
			return false;
		}
		String type = contentType.stripLeading().toLowerCase(java.util.Locale.ROOT);
		return type.startsWith("multipart/") || type.startsWith("application/x-www-form-urlencoded");
	}

	private void tooLarge(HttpServletResponse response) throws IOException {
		this.writer.write(response, ProblemDetails.of(HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large",
				"Payload too large", "The request body is larger than " + this.maxBytes + " bytes."));
	}

	private static final class LimitedRequest extends HttpServletRequestWrapper {

		private final long maxBytes;

		private @Nullable ServletInputStream limited;

		LimitedRequest(HttpServletRequest request, long maxBytes) {
			super(request);
			this.maxBytes = maxBytes;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.limited == null) {
				ServletInputStream delegate = super.getInputStream();
				this.limited = new ServletInputStream() {

					private long read;

					@Override
					public int read() throws IOException {
						int b = delegate.read();
						if (b >= 0 && ++this.read > LimitedRequest.this.maxBytes) {
							throw new BodyTooLargeException();
						}
						return b;
					}

					@Override
					public int read(byte[] buffer, int offset, int length) throws IOException {
						int n = delegate.read(buffer, offset, length);
						if (n > 0 && (this.read += n) > LimitedRequest.this.maxBytes) {
							throw new BodyTooLargeException();
						}
						return n;
					}

					@Override
					public boolean isFinished() {
						return delegate.isFinished();
					}

					@Override
					public boolean isReady() {
						return delegate.isReady();
					}

					@Override
					public void setReadListener(ReadListener listener) {
						delegate.setReadListener(listener);
					}

				};
			}
			return this.limited;
		}

	}

}
