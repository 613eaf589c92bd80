package dev.prism.platform.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import tools.jackson.databind.json.JsonMapper;

import dev.prism.platform.problem.ProblemResponseWriter;

/** A channel sheds load beyond its concurrency limit at once, and gives every request its deadline and channel. */
class ChannelContextFilterTests {

	private final ChannelContextFilter filter = new ChannelContextFilter("web", Duration.ofMillis(500), 1,
			new ProblemResponseWriter(JsonMapper.builder().build()));

	@Test
	void requestsBeyondTheLimitAre503AtOnceAndThePermitIsReturned() throws Exception {
		CountDownLatch inside = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Thread first = new Thread(() -> {
			try {
				this.filter.doFilter(new MockHttpServletRequest(), new MockHttpServletResponse(), (request, response) -> {
					inside.countDown();
					try {
						release.await();
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
				});
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
		first.start();
		inside.await();

		// The second request is answered while the first still holds the only permit: had it queued for the permit,
		// it would wait for ever, and the generous bound would end the test.
		MockHttpServletResponse shed = new MockHttpServletResponse();
		assertTimeoutPreemptively(Duration.ofSeconds(10),
				() -> this.filter.doFilter(new MockHttpServletRequest(), shed, (request, response) -> {
					throw new AssertionError("must not run");
				}));
		assertThat(first.isAlive()).isTrue();
		assertThat(shed.getStatus()).isEqualTo(503);
		assertThat(shed.getHeader("Retry-After")).isEqualTo("1");
		assertThat(shed.getContentAsString()).contains("urn:prism:problem:overloaded");
		assertThat(this.filter.inFlight()).isEqualTo(1);

		release.countDown();
		first.join();
		assertThat(this.filter.inFlight()).isZero();
		MockHttpServletResponse after = new MockHttpServletResponse();
		this.filter.doFilter(new MockHttpServletRequest(), after, (request, response) -> {
		});
		assertThat(after.getStatus()).isEqualTo(200);
	}

	@Test
	void theRequestRunsWithItsChannelAndDeadline() throws Exception {
		AtomicReference<RequestContext> seen = new AtomicReference<>();
		long before = System.nanoTime();
		this.filter.doFilter(new MockHttpServletRequest(), new MockHttpServletResponse(),
				(request, response) -> seen.set(RequestContext.current()));
		long after = System.nanoTime();
		assertThat(seen.get().channel()).isEqualTo("web");
		// The budget of 500 ms starts while the filter runs, however long that takes.
		long budget = Duration.ofMillis(500).toNanos();
		assertThat(seen.get().deadline().expiresAtNanos()).isBetween(before + budget, after + budget);
	}

}
