package dev.prism.platform.idempotency;

import java.time.Duration;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * Where idempotency records live: in memory by default, in a shared store when Prism runs on several instances.
 * Keys arrive already scoped to the caller ({@code <caller>:<client key>}).
 */
public interface IdempotencyStore {

	/**
	 * Claims {@code key} for a new request with {@code fingerprint}, unless a record exists.
	 * @return empty when the caller now owns the key; otherwise the existing record (in progress or completed)
	 */
	Optional<IdempotencyRecord> claim(String key, String fingerprint, Duration ttl);

	/** Stores the answer of the request that owns {@code key}. */
	void complete(String key, IdempotencyRecord record, Duration ttl);

	/** Gives {@code key} up after a failure, so the client may retry with it. */
	void release(String key);

	/**
	 * One idempotency record.
	 *
	 * @param fingerprint SHA-256 of the request body
	 * @param completed whether the answer is known
	 * @param status the answer's HTTP status
	 * @param body the answer's JSON body
	 */
	record IdempotencyRecord(String fingerprint, boolean completed, int status, @Nullable String body) {

		public static IdempotencyRecord inProgress(String fingerprint) {
			return new IdempotencyRecord(fingerprint, false, 0, null);
		}

	}

}
