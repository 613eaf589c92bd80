package dev.prism.platform.idempotency;

import java.time.Duration;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.data.redis.core.StringRedisTemplate;

/** Idempotency records in memory, or in Redis when instances share state ({@code distributed}). */
@Configuration(proxyBeanMethods = false)
class IdempotencyConfiguration {

	@Bean
	@Profile("!distributed")
	IdempotencyStore idempotencyStore(@Value("${prism.idempotency.max-entries:100000}") int maxEntries) {
		return new InMemoryIdempotencyStore(maxEntries);
	}

	@Bean
	@Profile("distributed")
	IdempotencyStore redisIdempotencyStore(StringRedisTemplate redis, JsonMapper jsonMapper) {
		return new RedisIdempotencyStore(redis, jsonMapper);
	}

	@Bean
	IdempotentRequests idempotentRequests(IdempotencyStore store, JsonMapper jsonMapper,
			@Value("${prism.idempotency.ttl:24h}") Duration ttl) {
		return new IdempotentRequests(store, jsonMapper, ttl);
	}

}
