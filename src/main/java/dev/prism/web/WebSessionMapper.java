package dev.prism.web;

import java.util.Map;
import java.util.function.BiFunction;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.session.MapSession;
import org.springframework.session.data.redis.RedisSessionMapper;

/**
 * Builds a web session from its values in Redis, or answers none when a value could not be read
 * ({@link WebSessionSerializer#UNREADABLE}) or its bookkeeping is incomplete (a session expiring while it was being
 * saved, as Spring Session's Redis docs describe): {@code RedisSessionRepository} then deletes it, as if it had expired.
 */
final class WebSessionMapper implements BiFunction<String, Map<String, Object>, MapSession> {

	private static final Logger log = LoggerFactory.getLogger(WebSessionMapper.class);

	private final RedisSessionMapper delegate = new RedisSessionMapper();

	@Override
	public @Nullable MapSession apply(String sessionId, Map<String, Object> values) {
		if (values.containsValue(WebSessionSerializer.UNREADABLE)) {
			return null;
		}
		try {
			return this.delegate.apply(sessionId, values);
		}
		catch (IllegalStateException | ClassCastException ex) {
			log.warn("An incomplete web session is dropped: {}", ex.getMessage());
			return null;
		}
	}

}
