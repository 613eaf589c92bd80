package dev.prism.platform.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.prism.testing.ManualClock;

class DeadlineTests {

	@Test
	void countsDownAndExpires() {
		ManualClock clock = new ManualClock();
		Deadline deadline = Deadline.in(Duration.ofMillis(50), clock);
		assertThat(deadline.remaining()).isEqualTo(Duration.ofMillis(50));

		clock.advance(Duration.ofMillis(49));
		assertThat(deadline.remaining()).isEqualTo(Duration.ofMillis(1));
		assertThat(deadline.isExpired()).isFalse();

		clock.advance(Duration.ofMillis(1));
		assertThat(deadline.isExpired()).isTrue();
		assertThat(deadline.remaining()).isZero();
		clock.advance(Duration.ofSeconds(1));
		assertThat(deadline.remaining()).isZero();
	}

	@Test
	void aDeadlineOnTheSystemClockStartsItsBudgetNow() {
		long before = System.nanoTime();
		Deadline deadline = Deadline.in(Duration.ofSeconds(1));
		long after = System.nanoTime();

		assertThat(deadline.expiresAtNanos()).isBetween(before + 1_000_000_000L, after + 1_000_000_000L);
		assertThat(Deadline.in(Duration.ZERO).isExpired()).isTrue();
	}

	@Test
	void noDeadlineNeverExpires() {
		assertThat(Deadline.none().isExpired()).isFalse();
		assertThat(Deadline.none().remaining()).isGreaterThan(Duration.ofHours(1));
	}

	@Test
	void contextTravelsToOtherThreadsWhenWrapped() throws Exception {
		RequestContext context = new RequestContext("req-1", "web", Deadline.in(Duration.ofSeconds(1)));
		java.util.concurrent.Callable<String> task;
		try (RequestContext.Scope scope = context.open()) {
			task = RequestContext.wrapCallable(() -> RequestContext.current().requestId() + "/"
					+ RequestContext.current().channel());
		}
		var executor = java.util.concurrent.Executors.newSingleThreadExecutor();
		try {
			assertThat(executor.submit(task).get()).isEqualTo("req-1/web");
			assertThat(executor.submit(() -> RequestContext.current().channel()).get()).isEqualTo("none");
		}
		finally {
			executor.shutdown();
		}
	}

}
