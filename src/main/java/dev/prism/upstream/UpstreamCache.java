package dev.prism.upstream;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A service's reads, cached ({@link StaleIfErrorCache}) when its {@code cache.ttl} is positive, passed straight
 * through to the service otherwise ({@link #passThrough()}), so a client reads the same way either way.
 */
interface UpstreamCache {

	/** One value by key, {@code loader} asked when the cache cannot answer. */
	<T> T get(CacheKey key, Supplier<T> loader);

	/**
	 * Values of {@code operation} for several ids (skus): fresh ones from the cache, the misses from {@code loader} in
	 * one call. An id the loader does not answer is cached as absent. The answer is keyed by id.
	 */
	<V> Map<String, V> getAll(String operation, Collection<String> ids, Function<List<String>, Map<String, V>> loader);

	/** No cache: every read goes to the service. */
	static UpstreamCache passThrough() {
		return PassThrough.INSTANCE;
	}

	/** Every read goes to the service. */
	enum PassThrough implements UpstreamCache {

		INSTANCE;

		@Override
		public <T> T get(CacheKey key, Supplier<T> loader) {
			return loader.get();
		}

		@Override
		public <V> Map<String, V> getAll(String operation, Collection<String> ids,
				Function<List<String>, Map<String, V>> loader) {
			return loader.apply(List.copyOf(ids));
		}

	}

}
