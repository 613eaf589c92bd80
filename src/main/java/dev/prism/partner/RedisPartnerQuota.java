package dev.prism.partner;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce.LettuceBasedProxyManagerBuilder;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Quotas shared by every instance (profile {@code distributed}): Bucket4j token buckets in Redis with compare-and-swap,
 * on one Lettuce connection of the quota's own, falling back to per-instance buckets (counted and logged) while Redis
 * cannot answer. deploy/README.md says what an operator sees.
 */
class RedisPartnerQuota implements PartnerQuota, AutoCloseable {

	static final Duration CONNECT_RETRY_INTERVAL = Duration.ofSeconds(5);

	static final Duration WARNING_INTERVAL = Duration.ofMinutes(1);

	private static final Logger log = LoggerFactory.getLogger(RedisPartnerQuota.class);

	private final LettuceConnectionFactory redis;

	private final LongSupplier nanoClock;

	private final InMemoryPartnerQuota fallback = new InMemoryPartnerQuota();

	private final Counter fallbacks;

	private final AtomicBoolean connecting = new AtomicBoolean();

	private final AtomicLong nextWarning;

	private final LongAdder unreported = new LongAdder();

	private final AtomicBoolean degraded = new AtomicBoolean();

	private volatile @Nullable SharedBuckets shared;

	private volatile long nextConnectAttempt;

	private volatile String connectFailure = "the first connection is being opened";

	private volatile boolean closed;

	RedisPartnerQuota(LettuceConnectionFactory redis, MeterRegistry meters) {
		this(redis, meters, System::nanoTime);
	}

	RedisPartnerQuota(LettuceConnectionFactory redis, MeterRegistry meters, LongSupplier nanoClock) {
		this.redis = redis;
		this.nanoClock = nanoClock;
		this.nextConnectAttempt = nanoClock.getAsLong();
		this.nextWarning = new AtomicLong(nanoClock.getAsLong());
		this.fallbacks = Counter.builder("prism.partner.quota.fallbacks")
			.description("Quota checks answered by the per-instance buckets because Redis could not answer")
			.register(meters);
	}

	@Override
	public QuotaProbe consume(String partner, int requestsPerMinute) {
		SharedBuckets buckets = sharedBuckets();
		if (buckets == null) {
			return fallBack(partner, requestsPerMinute, "Redis is not connected (" + this.connectFailure + ")");
		}
		if (!buckets.connection().isOpen()) {
			// Lettuce is reconnecting: answer now rather than queue behind the outage.
			return fallBack(partner, requestsPerMinute, "the connection to Redis is down, Lettuce is reconnecting");
		}
		QuotaProbe probe;
		try {
			probe = InMemoryPartnerQuota.probe(buckets.proxies()
				.getProxy(key(partner, requestsPerMinute), () -> configuration(requestsPerMinute))
				.tryConsumeAndReturnRemaining(1), requestsPerMinute);
		}
		catch (RuntimeException ex) {
			return fallBack(partner, requestsPerMinute, describe(ex));
		}
		if (this.degraded.get() && this.degraded.compareAndSet(true, false)) {
			log.info("Partner quotas are shared in Redis again");
		}
		return probe;
	}

	private QuotaProbe fallBack(String partner, int requestsPerMinute, String reason) {
		this.fallbacks.increment();
		this.degraded.set(true);
		warn(reason);
		return this.fallback.consume(partner, requestsPerMinute);
	}

	/** One warning per interval at most: an outage must not flood the log with a line per partner request. */
	private void warn(String reason) {
		long now = this.nanoClock.getAsLong();
		long due = this.nextWarning.get();
		if (now - due >= 0 && this.nextWarning.compareAndSet(due, now + WARNING_INTERVAL.toNanos())) {
			long more = this.unreported.sumThenReset();
			log.warn("Partner quotas fall back to this instance's buckets (a quota per instance): {}{}", reason,
					(more > 0) ? "; " + more + " more fallbacks since the last warning" : "");
		}
		else {
			this.unreported.increment();
		}
	}

	private @Nullable SharedBuckets sharedBuckets() {
		SharedBuckets current = this.shared;
		if (current != null) {
			return current;
		}
		long now = this.nanoClock.getAsLong();
		if (this.closed || now - this.nextConnectAttempt < 0 || !this.connecting.compareAndSet(false, true)) {
			return null;
		}
		try {
			if (this.shared == null) {
				SharedBuckets connected = connect(this.redis.getRequiredNativeClient());
				synchronized (this) {
					if (this.closed) {
						connected.connection().close();
						return null;
					}
					this.shared = connected;
				}
				log.info("Partner quotas are shared in Redis");
			}
			return this.shared;
		}
		catch (RuntimeException ex) {
			this.connectFailure = describe(ex);
			this.nextConnectAttempt = now + CONNECT_RETRY_INTERVAL.toNanos();
			return null;
		}
		finally {
			this.connecting.set(false);
		}
	}

	private static SharedBuckets connect(AbstractRedisClient client) {
		if (client instanceof RedisClusterClient cluster) {
			StatefulRedisClusterConnection<byte[], byte[]> connection = cluster.connect(ByteArrayCodec.INSTANCE);
			return new SharedBuckets(connection, build(Bucket4jLettuce.casBasedBuilder(connection)));
		}
		if (client instanceof RedisClient standalone) {
			StatefulRedisConnection<byte[], byte[]> connection = standalone.connect(ByteArrayCodec.INSTANCE);
			return new SharedBuckets(connection, build(Bucket4jLettuce.casBasedBuilder(connection)));
		}
		throw new IllegalStateException("Unsupported Lettuce client " + client.getClass().getName());
	}

	/** Commands time out after {@code spring.data.redis.timeout}, which Boot applies to the client's commands. */
	private static ProxyManager<byte[]> build(LettuceBasedProxyManagerBuilder<byte[]> builder) {
		return builder
			.expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(2)))
			.build();
	}

	private static byte[] key(String partner, int requestsPerMinute) {
		return ("prism:quota:" + partner + ":" + requestsPerMinute).getBytes(StandardCharsets.UTF_8);
	}

	private static BucketConfiguration configuration(int requestsPerMinute) {
		return BucketConfiguration.builder()
			.addLimit(Bandwidth.builder()
				.capacity(requestsPerMinute)
				.refillGreedy(requestsPerMinute, Duration.ofMinutes(1))
				.build())
			.build();
	}

	private static String describe(RuntimeException ex) {
		String described = ex.getClass().getSimpleName() + ": " + ex.getMessage();
		Throwable cause = NestedExceptionUtils.getMostSpecificCause(ex);
		return (cause == ex) ? described
				: described + " (" + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")";
	}

	/** Closes the quota's own connection; the client belongs to the connection factory. */
	@Override
	public void close() {
		SharedBuckets current;
		synchronized (this) {
			this.closed = true;
			current = this.shared;
			this.shared = null;
		}
		if (current != null) {
			current.connection().close();
		}
	}

	private record SharedBuckets(StatefulConnection<byte[], byte[]> connection, ProxyManager<byte[]> proxies) {
	}

}
