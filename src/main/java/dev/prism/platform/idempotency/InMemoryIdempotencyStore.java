package dev.prism.platform.idempotency;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The single-instance {@link IdempotencyStore}: a concurrent map whose entries expire. */
class InMemoryIdempotencyStore implements IdempotencyStore {

	private static final int SWEEP_EVERY = 1024;

	private final Map<String, Entry> entries = new ConcurrentHashMap<>();

	private int operations;

	@Override
	public Optional<IdempotencyRecord> claim(String key, String fingerprint, Duration ttl) {
		sweepNow();
		long now = System.nanoTime();
		Entry fresh = new Entry(IdempotencyRecord.inProgress(fingerprint), now + ttl.toNanos());
		Entry existing = this.entries.compute(key, (k, current) -> current == null || current.expired(now) ? fresh
				: current);
		return existing == fresh ? Optional.empty() : Optional.of(existing.record());
	}

	@Override
	public void complete(String key, IdempotencyRecord record, Duration ttl) {
		this.entries.put(key, new Entry(record, System.nanoTime() + ttl.toNanos()));
	}

	@Override
	public void release(String key) {
		this.entries.remove(key);
	}

	private void sweepNow() {
		if (++this.operations % SWEEP_EVERY == 0) {
			long now = System.nanoTime();
			this.entries.values().removeIf(entry -> entry.expired(now));
		}
	}

	private record Entry(IdempotencyRecord record, long expiresAtNanos) {

		boolean expired(long now) {
			return now - this.expiresAtNanos > 0;
		}

	}

}
