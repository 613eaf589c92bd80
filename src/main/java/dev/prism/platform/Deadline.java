package dev.prism.platform;

import java.time.Duration;

/**
 * The point in time by which a request must be answered; every upstream call made on its behalf inherits it.
 *
 * @param expiresAtNanos the {@link System#nanoTime()} value at which the budget is spent
 */
public record Deadline(long expiresAtNanos) {

	private static final Deadline NONE = new Deadline(Long.MAX_VALUE);

	/** A deadline {@code budget} from now. */
	public static Deadline in(Duration budget) {
		return new Deadline(System.nanoTime() + budget.toNanos());
	}

	/** No deadline at all (background work, tests). */
	public static Deadline none() {
		return NONE;
	}

	public boolean isNone() {
		return this.expiresAtNanos == Long.MAX_VALUE;
	}

	/** Time left, never negative; a very long duration for {@link #none()}. */
	public Duration remaining() {
		if (isNone()) {
			return Duration.ofDays(1);
		}
		long left = this.expiresAtNanos - System.nanoTime();
		return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
	}

	public boolean isExpired() {
		return !isNone() && this.expiresAtNanos - System.nanoTime() <= 0;
	}


}
