package dev.prism.platform.request;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.jspecify.annotations.Nullable;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets the container send a channel's JSON answer whole, with a {@code Content-Length} and in one write, by not
 * passing on Spring MVC's early flushes (bench/README.md, tuning notes).
 */
class WholeResponseFilter extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		chain.doFilter(request, new WholeResponse(response));
	}

	private static final class WholeResponse extends HttpServletResponseWrapper {

		private @Nullable ServletOutputStream out;

		WholeResponse(HttpServletResponse response) {
			super(response);
		}

		@Override
		public ServletOutputStream getOutputStream() throws IOException {
			if (this.out == null) {
				this.out = new UnflushedOutputStream(super.getOutputStream());
			}
			return this.out;
		}

		@Override
		public void flushBuffer() {
			// The container sends the buffer when it fills and when the request ends.
		}

	}

	private static final class UnflushedOutputStream extends ServletOutputStream {

		private final ServletOutputStream delegate;

		UnflushedOutputStream(ServletOutputStream delegate) {
			this.delegate = delegate;
		}

		@Override
		public void write(int b) throws IOException {
			this.delegate.write(b);
		}

		@Override
		public void write(byte[] bytes, int offset, int length) throws IOException {
			this.delegate.write(bytes, offset, length);
		}

		@Override
		public void flush() {
			// See flushBuffer above.
		}

		@Override
		public void close() throws IOException {
			this.delegate.close();
		}

		@Override
		public boolean isReady() {
			return this.delegate.isReady();
		}

		@Override
		public void setWriteListener(WriteListener listener) {
			this.delegate.setWriteListener(listener);
		}

	}

}
