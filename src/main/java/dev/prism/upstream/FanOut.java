package dev.prism.upstream;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import dev.prism.platform.request.RequestContext;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;

/**
 * Runs independent upstream calls of one composite request concurrently. Each forked call runs with the request's
 * {@link RequestContext} (correlation id, deadline) and its trace span, and every {@link Branch#join()} waits at most until the
 * request's deadline (one timer wheel tick later at most). On Java 21+ branches run on virtual threads, on Java 17 on a bounded pool.
 */
public class FanOut {

	private final Executor executor;

	private final UpstreamTimeouts timeouts;

	FanOut(Executor executor, UpstreamTimeouts timeouts) {
		this.executor = executor;
		this.timeouts = timeouts;
	}

	/**
	 * Starts {@code call} now on another thread.
	 * @param service the upstream service the call goes to, named in the timeout error if the deadline passes
	 */
	public <T> Branch<T> fork(String service, Supplier<T> call) {
		RequestContext context = RequestContext.current();
		// The current observation (trace span) travels too, so the branch's upstream call joins the request's trace.
		ContextSnapshot snapshot = SNAPSHOTS.captureAll();
		Supplier<T> withContext = RequestContext.wrap(call);
		CompletableFuture<T> future = CompletableFuture.supplyAsync(() -> {
			try (ContextSnapshot.Scope scope = snapshot.setThreadLocals()) {
				return withContext.get();
			}
		}, this.executor);
		if (!context.deadline().isNone()) {
			// Joining then waits without a timeout: the wheel ends the wait at the deadline (UpstreamTimeouts).
			this.timeouts.expire(future, context.deadline().remaining());
		}
		return new Branch<>(service, future);
	}

	private static final ContextSnapshotFactory SNAPSHOTS = ContextSnapshotFactory.builder().build();

}
