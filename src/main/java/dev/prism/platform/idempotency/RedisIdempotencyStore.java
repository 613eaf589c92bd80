package dev.prism.platform.idempotency;

import java.time.Duration;
import java.util.Optional;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;

import tools.jackson.databind.json.JsonMapper;

import dev.prism.platform.problem.DependencyUnavailableException;

/**
 * The {@link IdempotencyStore} shared by every Prism instance (profile {@code distributed}): one Redis key per scoped
 * idempotency key, claimed atomically with {@code SET NX PX}. When Redis is unreachable it fails closed — the request
 * is refused with 503 rather than risking a duplicate order.
 */
class RedisIdempotencyStore implements IdempotencyStore {

	private static final String PREFIX = "prism:idempotency:";

	private final StringRedisTemplate redis;

	private final JsonMapper jsonMapper;

	RedisIdempotencyStore(StringRedisTemplate redis, JsonMapper jsonMapper) {
		this.redis = redis;
		this.jsonMapper = jsonMapper;
	}

	@Override
	public Optional<IdempotencyRecord> claim(String key, String fingerprint, Duration ttl) {
		String claim = this.jsonMapper.writeValueAsString(IdempotencyRecord.inProgress(fingerprint));
		return guarded(() -> {
			Boolean claimed = this.redis.opsForValue().setIfAbsent(PREFIX + key, claim, ttl);
			if (Boolean.TRUE.equals(claimed)) {
				return Optional.<IdempotencyRecord>empty();
			}
			String existing = this.redis.opsForValue().get(PREFIX + key);
			if (existing == null) {
				// Expired between the two calls: claim again.
				return Boolean.TRUE.equals(this.redis.opsForValue().setIfAbsent(PREFIX + key, claim, ttl))
						? Optional.<IdempotencyRecord>empty()
						: Optional.of(IdempotencyRecord.inProgress(fingerprint));
			}
			return Optional.of(this.jsonMapper.readValue(existing, IdempotencyRecord.class));
		});
	}

	@Override
	public void complete(String key, IdempotencyRecord record, Duration ttl) {
		String value = this.jsonMapper.writeValueAsString(record);
		guarded(() -> {
			this.redis.opsForValue().set(PREFIX + key, value, ttl);
			return null;
		});
	}

	@Override
	public void release(String key) {
		guarded(() -> this.redis.delete(PREFIX + key));
	}

	private <T> T guarded(java.util.function.Supplier<T> operation) {
		try {
			return operation.get();
		}
		catch (DataAccessException ex) {
			throw new DependencyUnavailableException("idempotency-store-unavailable",
					"Orders cannot be accepted right now. Try again shortly.", Duration.ofSeconds(5), ex);
		}
	}

}
