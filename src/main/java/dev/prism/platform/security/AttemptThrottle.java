package dev.prism.platform.security;

import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;

import javax.cache.Cache;
import javax.cache.processor.MutableEntry;

/**
 * Counts failed attempts (bad passwords, bad API keys, bad tokens) per key — a username or a client address — within
 * a window that starts with the key's first failure. Every change is one atomic step on the key's entry
 * ({@link Cache#invoke}), so parallel attempts cannot slip past the limit; the entries live in a bounded Ehcache cache
 * ({@link AttemptThrottles}), so attacker-chosen keys cannot grow memory without limit.
 */
public class AttemptThrottle {

	private final Cache<String, Window> windows;

	private final int maxFailures;

	private final Duration window;

	private final Clock clock;

	/** The failures (and reserved attempts) of one key since {@code startedAtMillis}. */
	record Window(long startedAtMillis, int attempts) implements Serializable {
	}

	AttemptThrottle(Cache<String, Window> windows, int maxFailures, Duration window, Clock clock) {
		this.windows = windows;
		this.maxFailures = maxFailures;
		this.window = window;
		this.clock = clock;
	}

	/**
	 * Reserves one attempt for {@code key}, to be made now: {@code false}, and nothing reserved, when the key has
	 * already used up its attempts in the window. A reserved attempt counts as a failure until {@link #reset} or
	 * {@link #release} takes it back, so no more than the limit can be in flight or failed at once.
	 */
	public boolean tryAcquire(String key) {
		return this.windows.invoke(key, (entry, arguments) -> {
			Window current = current(entry);
			if (current.attempts() >= this.maxFailures) {
				return false;
			}
			entry.setValue(new Window(current.startedAtMillis(), current.attempts() + 1));
			return true;
		});
	}

	/** Takes back one attempt reserved by {@link #tryAcquire} that succeeded, leaving the key's failures counted. */
	public void release(String key) {
		this.windows.invoke(key, (entry, arguments) -> {
			Window current = current(entry);
			if (current.attempts() <= 1) {
				entry.remove();
			}
			else {
				entry.setValue(new Window(current.startedAtMillis(), current.attempts() - 1));
			}
			return null;
		});
	}

	/**
	 * Counts one failure of {@code key}.
	 * @return whether the key is now past its limit (the failure that reached the limit is still within it)
	 */
	public boolean recordFailure(String key) {
		return this.windows.invoke(key, (entry, arguments) -> {
			Window current = current(entry);
			Window next = new Window(current.startedAtMillis(), current.attempts() + 1);
			entry.setValue(next);
			return next.attempts() > this.maxFailures;
		});
	}

	/** Whether {@code key} has used up its attempts in the window. */
	public boolean isBlocked(String key) {
		Window current = this.windows.get(key);
		return current != null && !expired(current) && current.attempts() >= this.maxFailures;
	}

	/** How long {@code key} must wait, zero when it is not blocked; at least a second when it is. */
	public Duration retryAfter(String key) {
		Window current = this.windows.get(key);
		if (current == null || expired(current) || current.attempts() < this.maxFailures) {
			return Duration.ZERO;
		}
		long left = current.startedAtMillis() + this.window.toMillis() - this.clock.millis();
		return Duration.ofSeconds(Math.max(1, (left + 999) / 1000));
	}

	/** Forgets {@code key}'s failures, after a success. */
	public void reset(String key) {
		this.windows.remove(key);
	}

	private Window current(MutableEntry<String, Window> entry) {
		Window current = entry.exists() ? entry.getValue() : null;
		return current == null || expired(current) ? new Window(this.clock.millis(), 0) : current;
	}

	private boolean expired(Window current) {
		return this.clock.millis() - current.startedAtMillis() >= this.window.toMillis();
	}

}
