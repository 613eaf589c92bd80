package dev.prism.platform.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.prism.platform.idempotency.IdempotencyStore.IdempotencyRecord;
import dev.prism.platform.problem.DependencyUnavailableException;
import dev.prism.testing.RedisServer;
import tools.jackson.databind.json.JsonMapper;

/** The shared idempotency store against a real Redis: atomic claims, replays, release, and failing closed. */
@Tag("redis")
class RedisIdempotencyStoreTests {

	private RedisServer redis;

	private LettuceConnectionFactory connections;

	private RedisIdempotencyStore store;

	@BeforeEach
	void startRedis() {
		this.redis = RedisServer.start();
		this.connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", this.redis.port()));
		this.connections.afterPropertiesSet();
		this.connections.start();
		this.store = new RedisIdempotencyStore(new StringRedisTemplate(this.connections), JsonMapper.builder().build());
	}

	@AfterEach
	void stopRedis() {
		this.connections.destroy();
		this.redis.close();
	}

	@Test
	void theFirstClaimWinsAndLaterOnesSeeTheRecord() {
		assertThat(this.store.claim("acme:k1", "fp", Duration.ofMinutes(1))).isEmpty();
		assertThat(this.store.claim("acme:k1", "fp", Duration.ofMinutes(1)))
			.contains(IdempotencyRecord.inProgress("fp"));

		this.store.complete("acme:k1", new IdempotencyRecord("fp", true, 201, "{\"id\":\"o-1\"}"), Duration.ofMinutes(1));
		assertThat(this.store.claim("acme:k1", "fp", Duration.ofMinutes(1)))
			.contains(new IdempotencyRecord("fp", true, 201, "{\"id\":\"o-1\"}"));
	}

	@Test
	void aReleasedKeyCanBeClaimedAgain() {
		this.store.claim("acme:k1", "fp", Duration.ofMinutes(1));
		this.store.release("acme:k1");
		assertThat(this.store.claim("acme:k1", "fp", Duration.ofMinutes(1))).isEmpty();
	}

	@Test
	void exactlyOneOfManyConcurrentClaimsWins() throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(16);
		try {
			List<Callable<Optional<IdempotencyRecord>>> claims = new ArrayList<>();
			for (int i = 0; i < 64; i++) {
				claims.add(() -> this.store.claim("acme:race", "fp", Duration.ofMinutes(1)));
			}
			long winners = 0;
			for (Future<Optional<IdempotencyRecord>> claim : pool.invokeAll(claims)) {
				winners += claim.get().isEmpty() ? 1 : 0;
			}
			assertThat(winners).isEqualTo(1);
		}
		finally {
			pool.shutdown();
		}
	}

	@Test
	void failsClosedWhenRedisIsDown() {
		this.redis.stop();

		assertThatThrownBy(() -> this.store.claim("acme:k1", "fp", Duration.ofMinutes(1)))
			.isInstanceOfSatisfying(DependencyUnavailableException.class, ex -> {
				assertThat(ex.status().value()).isEqualTo(503);
				assertThat(ex.kind()).isEqualTo("idempotency-store-unavailable");
				assertThat(ex.retryAfter()).isPresent();
			});
	}

}
