package dev.prism.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.prism.platform.request.Deadline;
import dev.prism.platform.request.RequestContext;

/** Parallel branches under one deadline, carrying the request context. */
class FanOutTests {

	private final UpstreamTimeouts timeouts = new UpstreamTimeouts();

	private final FanOut fanOut = new FanOut(Executors.newCachedThreadPool(), this.timeouts);

	/** Released when a test ends, so no branch outlives it. */
	private final CountDownLatch never = new CountDownLatch(1);

	@AfterEach
	void releaseBranches() {
		this.never.countDown();
		this.timeouts.close();
	}

	/** Answers {@code value} once all {@code together} branches are running at the same time; fails after 20 s. */
	private static String whenAllRun(String value, CountDownLatch together) {
		together.countDown();
		try {
			if (!together.await(20, TimeUnit.SECONDS)) {
				throw new IllegalStateException("the other branches never ran alongside " + value);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return value;
	}

	/** Answers {@code value} once {@code latch} is released. */
	private static String after(CountDownLatch latch, String value) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return value;
	}

	@Test
	void independentCallsRunInParallel() {
		// Each branch answers only once all three run at the same time: one after another, the first would wait for
		// the others until the deadline ends it.
		RequestContext context = RequestContext.background().withChannel("web", Deadline.in(Duration.ofSeconds(30)));
		CountDownLatch together = new CountDownLatch(3);
		try (RequestContext.Scope scope = context.open()) {
			Branch<String> a = this.fanOut.fork("a", () -> whenAllRun("a", together));
			Branch<String> b = this.fanOut.fork("b", () -> whenAllRun("b", together));
			Branch<String> c = this.fanOut.fork("c", () -> whenAllRun("c", together));
			assertThat(a.join() + b.join() + c.join()).isEqualTo("abc");
		}
		// Each branch's timeout went with its answer: nothing waits on the wheel for the deadline 30 s away.
		await().atMost(Duration.ofSeconds(10)).until(() -> this.timeouts.pending() == 0);
	}

	@Test
	void aBranchNeverWaitsPastTheDeadline() {
		// Given branches that never answer while the test runs, and a deadline of 200 ms
		RequestContext context = RequestContext.background().withChannel("mobile", Deadline.in(Duration.ofMillis(200)));
		try (RequestContext.Scope scope = context.open()) {
			Branch<String> slow = this.fanOut.fork("reviews", () -> after(this.never, "late"));

			// Then joining ends with a timeout once the deadline passed (waiting for the answer would never end; the
			// generous bound stops the test then)
			assertTimeoutPreemptively(Duration.ofSeconds(10),
					() -> assertThatThrownBy(slow::join).isInstanceOf(UpstreamTimeoutException.class));
			assertThat(context.deadline().isExpired()).isTrue();

			Degraded degraded = new Degraded();
			assertThat(this.fanOut.fork("reviews", () -> after(this.never, "late")).joinOrDegrade(degraded, "reviews"))
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
