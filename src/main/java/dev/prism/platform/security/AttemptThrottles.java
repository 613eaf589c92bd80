package dev.prism.platform.security;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import javax.cache.CacheManager;
import javax.cache.Caching;

import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.ExpiryPolicyBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.ehcache.core.config.DefaultConfiguration;
import org.ehcache.jsr107.Eh107Configuration;
import org.ehcache.jsr107.EhcacheCachingProvider;

/**
 * Makes the {@link AttemptThrottle}s of every channel (and the admin's remembered credentials), each on its own
 * bounded Ehcache cache (through JCache) in one cache manager of this application context: the least recently used
 * keys give way when a throttle is full, and an entry expires with its window.
 */
public class AttemptThrottles implements AutoCloseable {

	private final CacheManager caches;

	private final Clock clock;

	public AttemptThrottles(Clock clock) {
		this.clock = clock;
		EhcacheCachingProvider provider = (EhcacheCachingProvider) Caching
			.getCachingProvider(EhcacheCachingProvider.class.getName());
		this.caches = provider.getCacheManager(URI.create("urn:prism:attempt-throttles:" + UUID.randomUUID()),
				new DefaultConfiguration(AttemptThrottles.class.getClassLoader()));
	}

	/**
	 * A new throttle {@code name} (unique in this context) allowing {@code maxFailures} per key within {@code window},
	 * remembering at most {@code maxKeys} keys.
	 */
	public AttemptThrottle create(String name, int maxFailures, Duration window, long maxKeys) {
		var cache = this.caches.createCache(name, Eh107Configuration.fromEhcacheCacheConfiguration(
				CacheConfigurationBuilder
					.newCacheConfigurationBuilder(String.class, AttemptThrottle.Window.class,
							ResourcePoolsBuilder.heap(maxKeys))
					.withExpiry(ExpiryPolicyBuilder.timeToLiveExpiration(window))
					.build()));
		return new AttemptThrottle(cache, maxFailures, window, this.clock);
	}

	/** A cache {@code name} of at most {@code maxEntries} values, each forgotten {@code ttl} after it was put. */
	<V> javax.cache.Cache<String, V> remembered(String name, Class<V> type, long maxEntries, Duration ttl) {
		return this.caches.createCache(name,
				Eh107Configuration.fromEhcacheCacheConfiguration(CacheConfigurationBuilder
					.newCacheConfigurationBuilder(String.class, type, ResourcePoolsBuilder.heap(maxEntries))
					.withExpiry(ExpiryPolicyBuilder.timeToLiveExpiration(ttl))
					.build()));
	}

	@Override
	public void close() {
		this.caches.close();
	}

}
