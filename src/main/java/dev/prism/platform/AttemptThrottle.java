package dev.prism.platform;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Counts failed attempts (bad passwords, bad API keys, bad tokens) per key — a username or a client address — and
 * blocks a key once it has failed too often within a window, until the window has passed.
 */
public class AttemptThrottle {

	private final int maxFailures;

	private final Duration window;

	/** Reads nanoseconds as {@link System#nanoTime()} does. */
	private final LongSupplier nanoClock;

	private final Map<String, Window> windows = new ConcurrentHashMap<>();

	public AttemptThrottle(int maxFailures, Duration window) {
		this(maxFailures, window, System::nanoTime);
	}

	/** A throttle telling time by {@code nanoClock} (tests move one by hand). */
	AttemptThrottle(int maxFailures, Duration window, LongSupplier nanoClock) {
		this.maxFailures = maxFailures;
		this.window = window;
		this.nanoClock = nanoClock;
	}

	/** Whether {@code key} has failed too often and must wait. */
	public boolean isBlocked(String key) {
		Window current = this.windows.get(key);
		return current != null && !current.expired() && current.failures >= this.maxFailures;
	}

	/** How long {@code key} must wait, zero when it is not blocked. */
	public Duration retryAfter(String key) {
		Window current = this.windows.get(key);
		if (current == null || !isBlocked(key)) {
			return Duration.ZERO;
		}
		return Duration.ofNanos(Math.max(0, current.startedAtNanos + this.window.toNanos() - this.nanoClock.getAsLong()));
	}

	public void recordFailure(String key) {
		this.windows.compute(key, (k, current) -> {
			Window next = current == null || current.expired() ? new Window(this.nanoClock.getAsLong(), 0) : current;
			return new Window(next.startedAtNanos, next.failures + 1);
		});
		if (this.windows.size() > 100_000) {
			this.windows.values().removeIf(Window::expired);
		}
	}

	public void reset(String key) {
		this.windows.remove(key);
	}

	private final class Window {

		private final long startedAtNanos;

		private final int failures;

		Window(long startedAtNanos, int failures) {
			this.startedAtNanos = startedAtNanos;
			this.failures = failures;
		}

		boolean expired() {
			return AttemptThrottle.this.nanoClock.getAsLong() - this.startedAtNanos > AttemptThrottle.this.window.toNanos();
		}

	}

}
