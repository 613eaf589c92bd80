package dev.prism.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class AttemptThrottleTests {

	@Test
	void blocksAKeyAfterTooManyFailuresUntilTheWindowPasses() throws InterruptedException {
		AttemptThrottle throttle = new AttemptThrottle(3, Duration.ofMillis(200));
		throttle.recordFailure("10.0.0.1");
		throttle.recordFailure("10.0.0.1");
		assertThat(throttle.isBlocked("10.0.0.1")).isFalse();

		throttle.recordFailure("10.0.0.1");
		assertThat(throttle.isBlocked("10.0.0.1")).isTrue();
		assertThat(throttle.retryAfter("10.0.0.1")).isPositive();
		assertThat(throttle.isBlocked("10.0.0.2")).isFalse();

		Thread.sleep(250);
		assertThat(throttle.isBlocked("10.0.0.1")).isFalse();
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
