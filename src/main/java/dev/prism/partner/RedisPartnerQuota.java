package dev.prism.partner;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quotas shared by every instance (profile {@code distributed}): Bucket4j token buckets stored in Redis with
 * compare-and-swap, so a partner cannot multiply its quota by the number of instances. When Redis cannot be reached
 * the instance falls back to its own in-memory buckets — partners keep being served, at worst with a quota per
 * instance — and counts each fallback in {@code prism.partner.quota.fallbacks}.
 */
class RedisPartnerQuota implements PartnerQuota, AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(RedisPartnerQuota.class);

	private final RedisClient client;

	private final InMemoryPartnerQuota fallback = new InMemoryPartnerQuota();

	private final Counter fallbacks;

	private volatile StatefulRedisConnection<byte[], byte[]> connection;

	private volatile ProxyManager<byte[]> buckets;

	RedisPartnerQuota(String host, int port, MeterRegistry meters) {
		this.client = RedisClient.create(RedisURI.builder()
			.withHost(host)
			.withPort(port)
			.withTimeout(Duration.ofMillis(500))
			.build());
		this.fallbacks = Counter.builder("prism.partner.quota.fallbacks")
			.description("Quota checks answered by the per-instance buckets because Redis was unreachable")
			.register(meters);
	}

	@Override
	public QuotaProbe consume(String partner, int requestsPerMinute) {
		try {
			BucketConfiguration configuration = BucketConfiguration.builder()
				.addLimit(Bandwidth.builder()
					.capacity(requestsPerMinute)
					.refillGreedy(requestsPerMinute, Duration.ofMinutes(1))
					.build())
				.build();
			byte[] key = ("prism:quota:" + partner + ":" + requestsPerMinute).getBytes(StandardCharsets.UTF_8);
			return InMemoryPartnerQuota.probe(
					buckets().getProxy(key, () -> configuration).tryConsumeAndReturnRemaining(1), requestsPerMinute);
		}
		catch (RuntimeException ex) {
			this.fallbacks.increment();
			log.warn("Partner quotas fall back to this instance: Redis is unreachable ({})", ex.getClass().getSimpleName());
			reset();
			return this.fallback.consume(partner, requestsPerMinute);
		}
	}

	private ProxyManager<byte[]> buckets() {
		ProxyManager<byte[]> current = this.buckets;
		if (current == null) {
			synchronized (this) {
				if (this.buckets == null) {
					this.connection = this.client.connect(ByteArrayCodec.INSTANCE);
					this.buckets = Bucket4jLettuce.casBasedBuilder(this.connection)
						.expirationAfterWrite(
								ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(2)))
						.requestTimeout(Duration.ofMillis(500))
						.build();
				}
				current = this.buckets;
			}
		}
		return current;
	}

	private synchronized void reset() {
		if (this.connection != null) {
			try {
				this.connection.close();
			}
			catch (RuntimeException ignored) {
				// already broken
			}
		}
		this.connection = null;
		this.buckets = null;
	}

	@Override
	public void close() {
		reset();
		this.client.shutdown();
	}

}
