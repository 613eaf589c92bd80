package dev.prism.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class DeadlineTests {

	@Test
	void countsDownAndExpires() throws InterruptedException {
		Deadline deadline = Deadline.in(Duration.ofMillis(50));
		assertThat(deadline.remaining()).isLessThanOrEqualTo(Duration.ofMillis(50)).isPositive();
		assertThat(deadline.isExpired()).isFalse();
		Thread.sleep(60);
		assertThat(deadline.isExpired()).isTrue();
		assertThat(deadline.remaining()).isZero();
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
