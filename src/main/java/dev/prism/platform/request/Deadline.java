package dev.prism.platform.request;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The point in time by which a request must be answered; every upstream call made on its behalf inherits it.
 *
 * @param expiresAtNanos the {@code nanoClock} reading at which the budget is spent
 * @param nanoClock where time is read: {@link System#nanoTime()}, or a clock a test moves by hand
 */
public record Deadline(long expiresAtNanos, LongSupplier nanoClock) {

	private static final LongSupplier SYSTEM = System::nanoTime;

	private static final Deadline NONE = new Deadline(Long.MAX_VALUE, SYSTEM);

	/** A deadline {@code budget} from now. */
	public static Deadline in(Duration budget) {
		return in(budget, SYSTEM);
	}

	/** A deadline {@code budget} from now on {@code nanoClock}, which counts nanoseconds as {@link System#nanoTime()}. */
	public static Deadline in(Duration budget, LongSupplier nanoClock) {
		return new Deadline(nanoClock.getAsLong() + budget.toNanos(), nanoClock);
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
		long left = this.expiresAtNanos - this.nanoClock.getAsLong();
		return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
	}

	public boolean isExpired() {
		return !isNone() && this.expiresAtNanos - this.nanoClock.getAsLong() <= 0;
	}

	@Override
	public String toString() {
		return "Deadline[expiresAtNanos=" + this.expiresAtNanos + "]";
	}

}
