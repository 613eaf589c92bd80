package dev.prism.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;

import dev.prism.platform.Deadline;
import dev.prism.platform.RequestContext;

/** Parallel branches under one deadline, carrying the request context. */
class FanOutTests {

	private final FanOut fanOut = new FanOut(Executors.newCachedThreadPool());

	private static String slow(String value, long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return value;
	}

	@Test
	void independentCallsRunInParallel() {
		RequestContext context = RequestContext.background().withChannel("web", Deadline.in(Duration.ofSeconds(2)));
		try (RequestContext.Scope scope = context.open()) {
			long started = System.nanoTime();
			Branch<String> a = this.fanOut.fork("a", () -> slow("a", 300));
			Branch<String> b = this.fanOut.fork("b", () -> slow("b", 300));
			Branch<String> c = this.fanOut.fork("c", () -> slow("c", 300));
			assertThat(a.join() + b.join() + c.join()).isEqualTo("abc");
			assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(600);
		}
	}

	@Test
	void aBranchNeverWaitsPastTheDeadline() {
		RequestContext context = RequestContext.background().withChannel("mobile", Deadline.in(Duration.ofMillis(200)));
		try (RequestContext.Scope scope = context.open()) {
			Branch<String> slow = this.fanOut.fork("reviews", () -> slow("late", 2_000));
			long started = System.nanoTime();
			assertThatThrownBy(slow::join).isInstanceOf(UpstreamTimeoutException.class);
			assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(400);

			Degraded degraded = new Degraded();
			assertThat(this.fanOut.fork("reviews", () -> slow("late", 2_000)).joinOrDegrade(degraded, "reviews"))
				.isEmpty();
			assertThat(degraded.sections()).containsExactly("reviews");
		}
	}

	@Test
	void branchesSeeTheRequestContextAndFailuresKeepTheirType() {
		RequestContext context = new RequestContext("req-7", "partner", Deadline.in(Duration.ofSeconds(1)));
		try (RequestContext.Scope scope = context.open()) {
			assertThat(this.fanOut.fork("x", () -> RequestContext.current().requestId()).join()).isEqualTo("req-7");
			assertThatThrownBy(() -> this.fanOut.fork("catalog", () -> {
				throw new UpstreamNotFoundException("gone");
			}).join()).isInstanceOf(UpstreamNotFoundException.class);
		}
	}

	@Test
	void degradedSectionsKeepAStableOrderWithoutDuplicates() {
		Degraded degraded = new Degraded();
		degraded.add("recommendations");
		degraded.add("price");
		degraded.add("price");
		assertThat(degraded.sections()).containsExactly("price", "recommendations");
		assertThatThrownBy(() -> degraded.add("bogus")).isInstanceOf(IllegalArgumentException.class);
	}

}
