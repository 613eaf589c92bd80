package dev.prism.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.prism.testing.ManualClock;

class AttemptThrottleTests {

	@Test
	void blocksAKeyAfterTooManyFailuresUntilTheWindowPasses() {
		ManualClock clock = new ManualClock();
		AttemptThrottle throttle = new AttemptThrottle(3, Duration.ofMillis(200), clock);
		throttle.recordFailure("10.0.0.1");
		throttle.recordFailure("10.0.0.1");
		assertThat(throttle.isBlocked("10.0.0.1")).isFalse();

		throttle.recordFailure("10.0.0.1");
		assertThat(throttle.isBlocked("10.0.0.1")).isTrue();
		assertThat(throttle.retryAfter("10.0.0.1")).isEqualTo(Duration.ofMillis(200));
		assertThat(throttle.isBlocked("10.0.0.2")).isFalse();

		clock.advance(Duration.ofMillis(199));
		assertThat(throttle.isBlocked("10.0.0.1")).isTrue();
		assertThat(throttle.retryAfter("10.0.0.1")).isEqualTo(Duration.ofMillis(1));

		clock.advance(Duration.ofMillis(2));
		assertThat(throttle.isBlocked("10.0.0.1")).isFalse();
		assertThat(throttle.retryAfter("10.0.0.1")).isZero();
	}

	@Test
	void aSuccessResetsTheCount() {
		AttemptThrottle throttle = new AttemptThrottle(2, Duration.ofMinutes(1));
		throttle.recordFailure("alice");
		throttle.reset("alice");
		throttle.recordFailure("alice");
		assertThat(throttle.isBlocked("alice")).isFalse();
	}

}
