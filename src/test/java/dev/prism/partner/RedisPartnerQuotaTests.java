package dev.prism.partner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.prism.testing.RedisServer;

/**
 * The shared partner quota against a real password-protected Redis, reached through a {@link LettuceConnectionFactory}
 * configured as Spring Boot configures it: one bucket for every instance, and a fallback to per-instance buckets that
 * is counted and logged, never silent, and does not reconnect on every request.
 */
@Tag("redis")
@ExtendWith(OutputCaptureExtension.class)
class RedisPartnerQuotaTests {

	private static final String PASSWORD = "quota-tests-redis-password";

	private static final String FALLBACK_WARNING = "Partner quotas fall back to this instance's buckets";

	private final AtomicLong now = new AtomicLong();

	private final List<AutoCloseable> resources = new ArrayList<>();

	private RedisServer redis;

	private RedisClient inspector;

	private StatefulRedisConnection<String, String> inspection;

	@BeforeEach
	void startRedis() {
		this.redis = RedisServer.startWithPassword(PASSWORD);
		this.inspector = RedisClient.create(RedisURI.builder()
			.withHost("127.0.0.1")
			.withPort(this.redis.port())
			.withPassword(PASSWORD.toCharArray())
			.build());
		this.inspection = this.inspector.connect();
	}

	@AfterEach
	void stopRedis() throws Exception {
		for (AutoCloseable resource : this.resources) {
			resource.close();
		}
		this.inspection.close();
		this.inspector.shutdown();
		this.redis.close();
	}

	@Test
	void twoInstancesShareOneQuotaThroughThePasswordProtectedRedis() {
		MeterRegistry firstMeters = new SimpleMeterRegistry();
		MeterRegistry secondMeters = new SimpleMeterRegistry();
		RedisPartnerQuota first = quota(PASSWORD, firstMeters);
		RedisPartnerQuota second = quota(PASSWORD, secondMeters);

		// Given 10 requests a minute taken alternately on two instances
		for (int i = 0; i < 10; i++) {
			QuotaProbe probe = ((i % 2 == 0) ? first : second).consume("acme", 10);
			assertThat(probe.allowed()).isTrue();
		}

		// Then the 11th is refused on either, as the bucket they share is empty
		assertThat(first.consume("acme", 10).allowed()).isFalse();
		assertThat(second.consume("acme", 10).allowed()).isFalse();
		assertThat(this.inspection.sync().exists("prism:quota:acme:10")).isEqualTo(1);
		assertThat(fallbacks(firstMeters)).isZero();
		assertThat(fallbacks(secondMeters)).isZero();
	}

	@Test
	void aWrongPasswordFallsBackCountedAndLoggedWithoutReconnectingOnEveryRequest(CapturedOutput output) {
		MeterRegistry meters = new SimpleMeterRegistry();
		RedisPartnerQuota quota = quota("not-the-password", meters);
		long connectionsBefore = connectionsReceived();

		// Given 20 quota checks while Redis refuses the credentials
		for (int i = 0; i < 20; i++) {
			assertThat(quota.consume("acme", 100).allowed()).isTrue();
		}

		// Then each fell back to this instance's bucket and was counted, after one attempt to connect and one warning
		assertThat(fallbacks(meters)).isEqualTo(20);
		assertThat(connectionsReceived() - connectionsBefore).isEqualTo(1);
		assertThat(output.getOut().lines().filter(line -> line.contains(FALLBACK_WARNING))).hasSize(1)
			.allSatisfy(line -> assertThat(line).contains("Redis is not connected").contains("WRONGPASS"));

		// When the retry interval has passed, one more attempt; the warning waits for its own interval
		this.now.addAndGet(RedisPartnerQuota.CONNECT_RETRY_INTERVAL.toNanos());
		quota.consume("acme", 100);
		quota.consume("acme", 100);
		assertThat(connectionsReceived() - connectionsBefore).isEqualTo(2);
		assertThat(output.getOut().lines().filter(line -> line.contains(FALLBACK_WARNING))).hasSize(1);

		this.now.addAndGet(RedisPartnerQuota.WARNING_INTERVAL.toNanos());
		quota.consume("acme", 100);
		assertThat(output.getOut().lines().filter(line -> line.contains(FALLBACK_WARNING))).hasSize(2)
			.last()
			.satisfies(line -> assertThat(line).contains("21 more fallbacks since the last warning"));
	}

	@Test
	void whileRedisIsDownItFallsBackAndOnceLettuceReconnectsTheQuotaIsSharedAgain() {
		MeterRegistry meters = new SimpleMeterRegistry();
		RedisPartnerQuota quota = quota(PASSWORD, meters);
		assertThat(quota.consume("acme", 100).allowed()).isTrue();
		assertThat(fallbacks(meters)).isZero();

		// When Redis goes away, partners are still served, from this instance's buckets
		this.redis.stop();
		assertThat(quota.consume("acme", 100).allowed()).isTrue();
		assertThat(fallbacks(meters)).isEqualTo(1);

		// Then, once it is back, the same connection (Lettuce reconnects it) shares the quota in Redis again
		this.redis.restart();
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
			double before = fallbacks(meters);
			quota.consume("acme", 100);
			return fallbacks(meters) == before;
		});
		assertThat(this.inspection.sync().exists("prism:quota:acme:100")).isEqualTo(1);
	}

	private RedisPartnerQuota quota(String password, MeterRegistry meters) {
		RedisStandaloneConfiguration server = new RedisStandaloneConfiguration("127.0.0.1", this.redis.port());
		server.setPassword(password);
		// As Spring Boot configures its client (spring.data.redis.timeout, commands timed out)
		LettuceClientConfiguration client = LettuceClientConfiguration.builder()
			.commandTimeout(Duration.ofMillis(500))
			.clientOptions(ClientOptions.builder().timeoutOptions(TimeoutOptions.enabled()).build())
			.build();
		LettuceConnectionFactory connections = new LettuceConnectionFactory(server, client);
		connections.afterPropertiesSet();
		RedisPartnerQuota quota = new RedisPartnerQuota(connections, meters, this.now::get);
		this.resources.add(0, connections::destroy);
		this.resources.add(0, quota);
		return quota;
	}

	private long connectionsReceived() {
		return this.inspection.sync()
			.info("stats")
			.lines()
			.filter(line -> line.startsWith("total_connections_received:"))
			.mapToLong(line -> Long.parseLong(line.substring(line.indexOf(':') + 1).trim()))
			.findFirst()
			.orElseThrow();
	}

	private static double fallbacks(MeterRegistry meters) {
		return meters.get("prism.partner.quota.fallbacks").counter().count();
	}

}
