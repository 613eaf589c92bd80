package dev.prism.platform.idempotency;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The single-instance {@link IdempotencyStore}: a concurrent map whose entries expire, holding at most
 * {@code maxEntries} (expired entries are swept every 1,024 operations). Past that bound the completed records that
 * expire first are dropped, down to nine tenths of it, so no caller sending many keys (a partner's batch, a client's
 * bug) can fill the heap and take every other caller's requests down with it. Dropping a completed record cannot
 * duplicate an order: a retry with its key is sent to the orders service again, with the same caller-scoped
 * {@code Idempotency-Key}, which answers the order it placed (its contract, {@code openapi/upstreams.yaml}). Records in
 * progress are never dropped.
 */
class InMemoryIdempotencyStore implements IdempotencyStore {

	private static final int SWEEP_EVERY = 1024;

	private final Map<String, Entry> entries = new ConcurrentHashMap<>();

	private final AtomicInteger operations = new AtomicInteger();

	private final int maxEntries;

	InMemoryIdempotencyStore(int maxEntries) {
		if (maxEntries < 1) {
			throw new IllegalArgumentException("prism.idempotency.max-entries must be at least 1");
		}
		this.maxEntries = maxEntries;
	}

	@Override
	public Optional<IdempotencyRecord> claim(String key, String fingerprint, Duration ttl) {
		sweepNow();
		long now = System.nanoTime();
		Entry fresh = new Entry(IdempotencyRecord.inProgress(fingerprint), now + ttl.toNanos());
		Entry existing = this.entries.compute(key, (k, current) -> current == null || current.expired(now) ? fresh
				: current);
		if (existing == fresh && this.entries.size() > this.maxEntries) {
			bound(now);
		}
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

	/** How many records it holds, expired ones not yet swept included. */
	int size() {
		return this.entries.size();
	}

	private void sweepNow() {
		if (this.operations.incrementAndGet() % SWEEP_EVERY == 0) {
			long now = System.nanoTime();
			this.entries.values().removeIf(entry -> entry.expired(now));
		}
	}

	/** Back to nine tenths of the bound: the expired first, then the completed records that expire soonest. */
	private synchronized void bound(long now) {
		if (this.entries.size() <= this.maxEntries) {
			return;
		}
		this.entries.values().removeIf(entry -> entry.expired(now));
		int excess = this.entries.size() - this.maxEntries * 9 / 10;
		if (excess <= 0) {
			return;
		}
		List<Map.Entry<String, Entry>> oldest = this.entries.entrySet()
			.stream()
			.filter(entry -> entry.getValue().record().completed())
			.sorted(Comparator.comparingLong(entry -> entry.getValue().expiresAtNanos()))
			.limit(excess)
			.toList();
		oldest.forEach(entry -> this.entries.remove(entry.getKey(), entry.getValue()));
	}

	private record Entry(IdempotencyRecord record, long expiresAtNanos) {

		boolean expired(long now) {
			return now - this.expiresAtNanos > 0;
		}

	}

}
