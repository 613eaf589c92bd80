package dev.prism.platform.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;

import tools.jackson.databind.json.JsonMapper;

import dev.prism.platform.problem.ProblemResponseWriter;

/** The body limits on their own: how much of a body is ever read, and that a form is never parsed. */
class BodySizeLimitFilterTests {

	private final BodySizeLimitFilter filter = new BodySizeLimitFilter(DataSize.ofKilobytes(64),
			new ProblemResponseWriter(JsonMapper.builder().build()));

	/** A request whose body is {@code size} bytes, counting what is read of it and whether a parameter is asked. */
	private static final class CountingRequest extends MockHttpServletRequest {

		final AtomicLong read = new AtomicLong();

		final AtomicBoolean parametersAsked = new AtomicBoolean();

		private final InputStream body;

		CountingRequest(String path, String contentType, int size) {
			super("POST", path);
			setServletPath(path);
			setContentType(contentType);
			this.body = new ByteArrayInputStream(new byte[size]);
		}

		@Override
		public ServletInputStream getInputStream() {
			return new ServletInputStream() {

				@Override
				public int read() throws IOException {
					int b = CountingRequest.this.body.read();
					if (b >= 0) {
						CountingRequest.this.read.incrementAndGet();
					}
					return b;
				}

				@Override
				public int read(byte[] buffer, int offset, int length) throws IOException {
					int n = CountingRequest.this.body.read(buffer, offset, length);
					if (n > 0) {
						CountingRequest.this.read.addAndGet(n);
					}
					return n;
				}

				@Override
				public boolean isFinished() {
					return false;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
				}

			};
		}

		@Override
		public String getParameter(String name) {
			this.parametersAsked.set(true);
			return super.getParameter(name);
		}

		@Override
		public java.util.Map<String, String[]> getParameterMap() {
			this.parametersAsked.set(true);
			return super.getParameterMap();
		}

	}

	@Test
	void aChunkedBodyPastTheLimitIs413AfterReadingAtMostTheLimit() throws Exception {
		CountingRequest request = new CountingRequest("/mobile/api/orders", "application/json", 2_000_000);
		MockHttpServletResponse response = new MockHttpServletResponse();

		this.filter.doFilter(request, response, (req, res) -> req.getInputStream().readAllBytes());

		assertThat(response.getStatus()).isEqualTo(413);
		assertThat(request.read.get()).isGreaterThan(64 * 1024).isLessThanOrEqualTo(64 * 1024 + 16 * 1024);
	}

	@Test
	void multipartAndFormBodiesUnderAChannelAre415UnreadAndUnparsed() throws Exception {
		for (String type : new String[] { "multipart/form-data; boundary=x", "application/x-www-form-urlencoded",
				"Multipart/Mixed; boundary=y" }) {
			for (String path : new String[] { "/web/api/session", "/mobile/api/orders", "/partner/api/v1/orders" }) {
				CountingRequest request = new CountingRequest(path, type, 1_800_000);
				MockHttpServletResponse response = new MockHttpServletResponse();
				AtomicBoolean reached = new AtomicBoolean();

				this.filter.doFilter(request, response, (req, res) -> {
					reached.set(true);
					req.getParameter("_csrf");
				});

				assertThat(response.getStatus()).as(type + " " + path).isEqualTo(415);
				assertThat(response.getContentType()).isEqualTo("application/problem+json");
				assertThat(reached).as("nothing behind the filter runs").isFalse();
				assertThat(request.read).hasValue(0);
				assertThat(request.parametersAsked).isFalse();
			}
		}
	}

	@Test
	void jsonBodiesWithinTheLimitPass() throws Exception {
		CountingRequest request = new CountingRequest("/partner/api/v1/orders", "application/json", 10_000);
		AtomicBoolean reached = new AtomicBoolean();

		this.filter.doFilter(request, new MockHttpServletResponse(), (req, res) -> {
			reached.set(true);
			req.getInputStream().readAllBytes();
		});

		assertThat(reached).isTrue();
		assertThat(request.read).hasValue(10_000);
	}

}
