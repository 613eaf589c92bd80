package dev.prism.platform.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.prism.platform.idempotency.IdempotencyStore.IdempotencyRecord;

/**
 * The in-memory store's bound: one caller's many keys cannot grow it past {@code max-entries}, the completed records
 * that expire first go, and a record in progress — the one guard against a concurrent duplicate — is never dropped.
 */
class InMemoryIdempotencyStoreTests {

	static final Duration TTL = Duration.ofHours(24);

	@Test
	void manyKeysOfOneCallerKeepTheStoreWithinItsBoundDroppingTheOldestCompletedRecords() {
		InMemoryIdempotencyStore store = new InMemoryIdempotencyStore(100);
		// Another caller's order is in progress, and stays so
		assertThat(store.claim("bob:pending", "f", TTL)).isEmpty();
		// One caller places 1,000 orders with distinct keys, each completed
		for (int i = 0; i < 1000; i++) {
			String key = "acme:" + i;
			assertThat(store.claim(key, "f" + i, TTL)).as(key).isEmpty();
			store.complete(key, new IdempotencyRecord("f" + i, true, 201, "{\"id\":\"o-" + i + "\"}"), TTL);
			assertThat(store.size()).isLessThanOrEqualTo(101);
		}
		// The record in progress is still there: a second request with its key is refused as in progress
		assertThat(store.claim("bob:pending", "f", TTL)).hasValueSatisfying(record -> assertThat(record.completed())
			.isFalse());
		// The newest records are kept and replayed; the oldest were dropped
		assertThat(store.claim("acme:999", "f999", TTL)).hasValueSatisfying(record -> assertThat(record.body())
			.isEqualTo("{\"id\":\"o-999\"}"));
		assertThat(store.claim("acme:0", "f0", TTL)).as("dropped: claimable again").isEmpty();
	}

	@Test
	void aBoundBelowOneIsRefused() {
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> new InMemoryIdempotencyStore(0))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("prism.idempotency.max-entries");
	}

}
