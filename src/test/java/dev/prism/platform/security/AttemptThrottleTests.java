package dev.prism.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AttemptThrottleTests {

	/** A clock the test moves. */
	static final class MovableClock extends Clock {

		private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-01T10:00:00Z"));

		void advance(Duration duration) {
			this.now.updateAndGet(instant -> instant.plus(duration));
		}

		@Override
		public Instant instant() {
			return this.now.get();
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

	}

	private final MovableClock clock = new MovableClock();

	private final AttemptThrottles throttles = new AttemptThrottles(this.clock);

	@AfterEach
	void close() {
		this.throttles.close();
	}

	@Test
	void blocksAKeyAfterTooManyFailuresUntilTheWindowPasses() {
		AttemptThrottle throttle = this.throttles.create("test", 3, Duration.ofMinutes(1), 1_000);
		assertThat(throttle.recordFailure("10.0.0.1")).isFalse();
		assertThat(throttle.recordFailure("10.0.0.1")).isFalse();
		assertThat(throttle.isBlocked("10.0.0.1")).isFalse();

		assertThat(throttle.recordFailure("10.0.0.1")).as("the failure that reaches the limit").isFalse();
		assertThat(throttle.isBlocked("10.0.0.1")).isTrue();
		assertThat(throttle.recordFailure("10.0.0.1")).as("a failure past the limit").isTrue();
		assertThat(throttle.retryAfter("10.0.0.1")).isEqualTo(Duration.ofMinutes(1));
		assertThat(throttle.isBlocked("10.0.0.2")).isFalse();

		this.clock.advance(Duration.ofSeconds(45));
		assertThat(throttle.retryAfter("10.0.0.1")).isEqualTo(Duration.ofSeconds(15));
		this.clock.advance(Duration.ofSeconds(15));
		assertThat(throttle.isBlocked("10.0.0.1")).isFalse();
		assertThat(throttle.tryAcquire("10.0.0.1")).isTrue();
	}

	@Test
	void aSuccessResetsTheCount() {
		AttemptThrottle throttle = this.throttles.create("test", 2, Duration.ofMinutes(1), 1_000);
		throttle.recordFailure("alice");
		throttle.reset("alice");
		throttle.recordFailure("alice");
		assertThat(throttle.isBlocked("alice")).isFalse();
	}

	@Test
	void aReservedAttemptCountsUntilItIsReleased() {
		AttemptThrottle throttle = this.throttles.create("test", 2, Duration.ofMinutes(1), 1_000);
		assertThat(throttle.tryAcquire("alice")).isTrue();
		assertThat(throttle.tryAcquire("alice")).isTrue();
		assertThat(throttle.tryAcquire("alice")).as("two in flight already").isFalse();

		throttle.release("alice");
		assertThat(throttle.tryAcquire("alice")).isTrue();
	}

	@Test
	void parallelReservationsNeverPassTheLimit() throws Exception {
		AttemptThrottle throttle = this.throttles.create("test", 5, Duration.ofMinutes(1), 1_000);
		ExecutorService threads = Executors.newFixedThreadPool(8);
		CountDownLatch start = new CountDownLatch(1);
		try {
			List<Future<Boolean>> attempts = new ArrayList<>();
			for (int i = 0; i < 200; i++) {
				attempts.add(threads.submit(() -> {
					start.await();
					return throttle.tryAcquire("alice");
				}));
			}
			start.countDown();
			long granted = 0;
			for (Future<Boolean> attempt : attempts) {
				granted += attempt.get() ? 1 : 0;
			}
			assertThat(granted).isEqualTo(5);
		}
		finally {
			threads.shutdownNow();
		}
	}

	@Test
	void aThrottleRemembersABoundedNumberOfKeys() {
		AttemptThrottle throttle = this.throttles.create("test", 1, Duration.ofMinutes(1), 100);
		for (int i = 0; i < 10_000; i++) {
			throttle.recordFailure("user-" + i);
		}
		long remembered = java.util.stream.IntStream.range(0, 10_000)
			.filter(i -> throttle.isBlocked("user-" + i))
			.count();
		assertThat(remembered).isPositive().isLessThanOrEqualTo(100);
	}

}
