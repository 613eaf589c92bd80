package dev.prism.upstream;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import io.netty.util.TimerTask;

import org.apache.hc.core5.concurrent.Cancellable;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.jspecify.annotations.Nullable;

/**
 * What ends an upstream call that runs past its time: one timer wheel (Netty's {@link HashedWheelTimer}, a tick every
 * {@link #TICK} on one daemon thread) for every service and fan-out branch, in place of socket read timeouts and
 * timed waits.
 * <p>
 * On a virtual thread, a blocking read of a socket with a read timeout, and a wait with a timeout, park with a timeout;
 * for each such park the JDK's scheduler schedules a delayed task and cancels it again, waking its timer thread both
 * times: 7 % of the CPU of a partner request, 11 % of a mobile page (bench/profiles/README.md). A wheel entry costs a
 * queue insertion when armed and another when cancelled, and the calling thread parks without a timeout. The time
 * bounds the whole exchange — waiting for a pooled connection, connecting, sending, reading every byte — not each read,
 * so a response that trickles in cannot outlast it either.
 */
final class UpstreamTimeouts implements AutoCloseable {

	/** The wheel's resolution: a timeout ends its call at most one tick (and the time to close a socket) late. */
	static final Duration TICK = Duration.ofMillis(10);

	/** The exchange the current thread runs, for the request factory to put its HTTP request under. */
	private static final ThreadLocal<Exchange> CURRENT = new ThreadLocal<>();

	private final HashedWheelTimer wheel;

	/** A wheel whose thread starts with the first timeout armed. */
	UpstreamTimeouts() {
		this.wheel = new HashedWheelTimer(UpstreamTimeouts::thread, TICK.toMillis(), TimeUnit.MILLISECONDS, 512);
	}

	private static Thread thread(Runnable wheel) {
		Thread thread = new Thread(wheel, "prism-upstream-timeouts");
		thread.setDaemon(true);
		return thread;
	}

	/**
	 * Runs {@code call}, whose HTTP exchange ends — its request cancelled, its connection closed, not reused — once
	 * {@code timeout} has passed.
	 * @throws UpstreamTimeoutException when the time ran out first, whatever the exchange then failed with
	 */
	<T> T exchange(String service, Duration timeout, Supplier<T> call) {
		Exchange exchange = new Exchange();
		Timeout timer = this.wheel.newTimeout(exchange, Math.max(1, timeout.toNanos()), TimeUnit.NANOSECONDS);
		Exchange outer = CURRENT.get();
		CURRENT.set(exchange);
		try {
			return call.get();
		}
		catch (RuntimeException ex) {
			if (exchange.expired) {
				throw new UpstreamTimeoutException(service, ex);
			}
			throw ex;
		}
		finally {
			timer.cancel();
			if (outer == null) {
				CURRENT.remove();
			}
			else {
				CURRENT.set(outer);
			}
		}
	}

	/**
	 * Puts {@code request}, about to be sent on the current thread, under the time of the exchange that thread runs (a
	 * request sent outside {@link #exchange} has no time but its connection's).
	 */
	static void watch(ClassicHttpRequest request) {
		Exchange exchange = CURRENT.get();
		if (exchange != null && request instanceof Cancellable cancellable) {
			exchange.watch(cancellable);
		}
	}

	/**
	 * Completes {@code future} exceptionally with a {@link TimeoutException} once {@code within} has passed, unless it
	 * completes first.
	 */
	void expire(CompletableFuture<?> future, Duration within) {
		if (future.isDone()) {
			return;
		}
		Timeout timer = this.wheel.newTimeout(expired -> future.completeExceptionally(new TimeoutException()),
				Math.max(1, within.toNanos()), TimeUnit.NANOSECONDS);
		future.whenComplete((value, failure) -> timer.cancel());
	}

	/** Timeouts armed and neither fired nor cancelled yet (a cancelled one leaves the count at the next tick). */
	long pending() {
		return this.wheel.pendingTimeouts();
	}

	@Override
	public void close() {
		this.wheel.stop();
	}

	/** One exchange's time: when it has run out, the request it watches is cancelled. */
	private static final class Exchange implements TimerTask {

		private volatile @Nullable Cancellable request;

		private volatile boolean expired;

		@Override
		public void run(Timeout timeout) {
			this.expired = true;
			Cancellable watched = this.request;
			if (watched != null) {
				watched.cancel();
			}
		}

		void watch(Cancellable request) {
			this.request = request;
			// The time may have run out between arming and sending (a wait for a pooled connection, say).
			if (this.expired) {
				request.cancel();
			}
		}

	}

}
