package dev.prism.upstream;

import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import dev.prism.platform.problem.ProblemException;

/** One forked upstream call of a {@link FanOut}: its value, or its failure, awaited under the request deadline. */
public final class Branch<T> {

	private final String service;

	private final CompletableFuture<T> future;

	Branch(String service, CompletableFuture<T> future) {
		this.service = service;
		this.future = future;
	}

	/**
	 * The call's value, waiting no later than the deadline (the fork has the timer wheel fail the call's future then).
	 * @throws ProblemException the call's typed failure, or {@link UpstreamTimeoutException} when the deadline
	 * passes first
	 */
	public T join() {
		try {
			return this.future.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.future.cancel(true);
			throw new UpstreamTimeoutException(this.service, ex);
		}
		catch (CancellationException ex) {
			throw new UpstreamTimeoutException(this.service, ex);
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof TimeoutException) {
				throw new UpstreamTimeoutException(this.service, cause);
			}
			if (cause instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new UpstreamUnavailableException(this.service, null, cause);
		}
	}

	/** The call's value, or empty when it failed or missed the deadline (an optional section). */
	public Optional<T> tryJoin() {
		try {
			return Optional.ofNullable(join());
		}
		catch (ProblemException ex) {
			return Optional.empty();
		}
	}

	/**
	 * The call's value, or empty when it failed, in which case {@code section} is recorded in {@code degraded}.
	 */
	public Optional<T> joinOrDegrade(Degraded degraded, String section) {
		Optional<T> value = tryJoin();
		if (value.isEmpty()) {
			degraded.add(section);
		}
		return value;
	}

}
