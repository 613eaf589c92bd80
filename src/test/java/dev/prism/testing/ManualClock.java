package dev.prism.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A clock that moves only when a test moves it, so what depends on time passing (deadlines, time-to-live, a circuit's
 * wait, a throttle's window) happens exactly when the test says and never because the machine was busy. It is a
 * {@link Clock} and, for what reads {@link System#nanoTime()}, a {@link LongSupplier} of nanoseconds.
 */
public final class ManualClock extends Clock implements LongSupplier {

	private final Instant origin;

	private final AtomicLong nanos = new AtomicLong();

	public ManualClock() {
		this(Instant.parse("2026-01-01T00:00:00Z"));
	}

	public ManualClock(Instant origin) {
		this.origin = origin;
	}

	/** Moves the clock forward by {@code duration}. */
	public void advance(Duration duration) {
		if (duration.isNegative()) {
			throw new IllegalArgumentException("A clock only moves forward");
		}
		this.nanos.addAndGet(duration.toNanos());
	}

	/** Nanoseconds moved since the start, as {@link System#nanoTime()} counts them. */
	@Override
	public long getAsLong() {
		return this.nanos.get();
	}

	@Override
	public Instant instant() {
		return this.origin.plusNanos(this.nanos.get());
	}

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		throw new UnsupportedOperationException("A ManualClock is always UTC");
	}

}
