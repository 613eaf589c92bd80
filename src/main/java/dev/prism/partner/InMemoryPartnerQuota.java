package dev.prism.partner;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

/** Quotas of one instance: a Bucket4j token bucket per partner, refilled greedily over a minute. */
class InMemoryPartnerQuota implements PartnerQuota {

	private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

	@Override
	public QuotaProbe consume(String partner, int requestsPerMinute) {
		Bucket bucket = this.buckets.computeIfAbsent(partner + "/" + requestsPerMinute,
				key -> Bucket.builder()
					.addLimit(Bandwidth.builder()
						.capacity(requestsPerMinute)
						.refillGreedy(requestsPerMinute, Duration.ofMinutes(1))
						.build())
					.build());
		return probe(bucket.tryConsumeAndReturnRemaining(1), requestsPerMinute);
	}

	static QuotaProbe probe(ConsumptionProbe probe, int limit) {
		return new QuotaProbe(probe.isConsumed(), limit, probe.getRemainingTokens(),
				seconds(probe.getNanosToWaitForReset()),
				probe.isConsumed() ? 0 : Math.max(1, seconds(probe.getNanosToWaitForRefill())));
	}

	private static long seconds(long nanos) {
		return (long) Math.ceil(nanos / (double) TimeUnit.SECONDS.toNanos(1));
	}

}
