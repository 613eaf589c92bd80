package dev.prism.upstream;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A read cache's key: the operation and its arguments as structured parts, compared part by part. No two different
 * requests share a key — a missing argument ({@code null}) is not the text {@code "null"}, and no separator inside a
 * part can shift the boundary between parts — so no caller's query can change what another query is answered.
 */
record CacheKey(String operation, List<Object> parts) {

	CacheKey {
		parts = Collections.unmodifiableList(Arrays.asList(parts.toArray()));
	}

	/** The key of {@code operation} with these arguments, {@code null}s allowed. */
	static CacheKey of(String operation, @Nullable Object... parts) {
		return new CacheKey(operation, Arrays.asList(parts));
	}

}
