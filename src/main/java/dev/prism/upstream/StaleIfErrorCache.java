package dev.prism.upstream;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import javax.cache.Cache;

import io.micrometer.core.instrument.MeterRegistry;

import org.jspecify.annotations.Nullable;

/**
 * A service's read cache on an Ehcache cache (through JCache), with stale-if-error: an answer is fresh for {@code ttl}; after
 * that the service is asked again, and only when it fails (unavailable, timed out, circuit open) may the expired answer
 * stand in, for up to {@code staleIfError} more. Entries carry their fetch time for this. Batch lookups are cached per
 * sku, so only the misses go upstream, in one call; an absent sku is cached as absent.
 */
final class StaleIfErrorCache implements UpstreamCache {

	private final String name;

	private final Cache<CacheKey, Entry> cache;

	private final long ttlMillis;

	private final long staleMillis;

	private final MeterRegistry meters;

	private final Clock clock;

	/** A cached answer, or a cached absence ({@code value == null}), and when it was fetched. */
	record Entry(@Nullable Object value, long fetchedAtMillis) {
	}

	StaleIfErrorCache(String name, Cache<CacheKey, Entry> cache, UpstreamProperties.Cache properties, MeterRegistry meters,
			Clock clock) {
		this.name = name;
		this.cache = cache;
		this.ttlMillis = properties.ttl().toMillis();
		this.staleMillis = properties.ttl().plus(properties.staleIfError()).toMillis();
		this.meters = meters;
		this.clock = clock;
	}

	/**
	 * A batch lookup remembers the keys the upstream does not know as {@code null} entries; a single lookup of one of
	 * them answers that {@code null} as its loader would have (the client turns it into a 404), hence NullAway's
	 * exemption here.
	 */
	@Override
	@SuppressWarnings({ "unchecked", "NullAway" })
	public <T> T get(CacheKey key, Supplier<T> loader) {
		Entry entry = this.cache.get(key);
		long now = this.clock.millis();
		if (entry != null && now - entry.fetchedAtMillis() < this.ttlMillis) {
			count("hit", 1);
			return (T) entry.value();
		}
		count("miss", 1);
		try {
			T value = loader.get();
			this.cache.put(key, new Entry(value, now));
			return value;
		}
		catch (UpstreamUnavailableException | UpstreamTimeoutException ex) {
			if (entry != null && now - entry.fetchedAtMillis() < this.staleMillis) {
				count("stale", 1);
				return (T) entry.value();
			}
			throw ex;
		}
	}

	@Override
	@SuppressWarnings("unchecked")
	public <V> Map<String, V> getAll(String operation, Collection<String> ids, Function<List<String>, Map<String, V>> loader) {
		long now = this.clock.millis();
		Map<String, CacheKey> keys = new LinkedHashMap<>();
		ids.forEach(id -> keys.put(id, CacheKey.of(operation, id)));
		Map<CacheKey, Entry> cached = this.cache.getAll(new java.util.HashSet<>(keys.values()));
		Map<String, V> answer = new LinkedHashMap<>();
		List<String> misses = new ArrayList<>();
		keys.forEach((id, key) -> {
			Entry entry = cached.get(key);
			if (entry != null && now - entry.fetchedAtMillis() < this.ttlMillis) {
				if (entry.value() != null) {
					answer.put(id, (V) entry.value());
				}
			}
			else {
				misses.add(id);
			}
		});
		count("hit", keys.size() - misses.size());
		count("miss", misses.size());
		if (misses.isEmpty()) {
			return order(keys.keySet(), answer);
		}
		try {
			Map<String, V> loaded = loader.apply(misses);
			Map<CacheKey, Entry> fresh = new LinkedHashMap<>();
			for (String id : misses) {
				V value = loaded.get(id);
				fresh.put(keys.get(id), new Entry(value, now));
				if (value != null) {
					answer.put(id, value);
				}
			}
			this.cache.putAll(fresh);
			return order(keys.keySet(), answer);
		}
		catch (UpstreamUnavailableException | UpstreamTimeoutException ex) {
			for (String id : misses) {
				Entry entry = cached.get(keys.get(id));
				if (entry == null || now - entry.fetchedAtMillis() >= this.staleMillis) {
					throw ex;
				}
			}
			misses.forEach(id -> {
				Entry entry = cached.get(keys.get(id));
				if (entry != null && entry.value() != null) {
					answer.put(id, (V) entry.value());
				}
			});
			count("stale", misses.size());
			return order(keys.keySet(), answer);
		}
	}

	private static <V> Map<String, V> order(Collection<String> keys, Map<String, V> values) {
		Map<String, V> ordered = new LinkedHashMap<>();
		keys.forEach(key -> {
			if (values.containsKey(key)) {
				ordered.put(key, values.get(key));
			}
		});
		return ordered;
	}

	private void count(String result, long amount) {
		if (amount > 0) {
			this.meters.counter("prism.upstream.cache", "cache", this.name, "result", result).increment(amount);
		}
	}


}
