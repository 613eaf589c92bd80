package dev.prism.web;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.servlet.http.HttpSession;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;

/**
 * The refresh lock of a session shared by every instance (profile {@code distributed}): this instance's own lock
 * first ({@link LocalWebTokenRefreshLocks}, so its requests do not poll Redis for each other), then a Redis key
 * {@code prism:web:token-refresh:<session id>} claimed with {@code SET NX PX} — leased, so an instance that dies
 * holding it blocks nobody for long — and released only by its owner (compare and delete in one script). A session's
 * request holds its own copy of the session, loaded when it began: so the tokens are re-read from Spring Session's
 * repository once the lock is held, and the new ones written there before it is released.
 */
final class RedisWebTokenRefreshLocks implements WebTokenRefreshLocks {

	static final String PREFIX = "prism:web:token-refresh:";

	private static final Logger log = LoggerFactory.getLogger(RedisWebTokenRefreshLocks.class);

	private static final RedisScript<Long> RELEASE = new DefaultRedisScript<>(
			"if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end",
			Long.class);

	private static final Duration POLL = Duration.ofMillis(20);

	private final LocalWebTokenRefreshLocks local = new LocalWebTokenRefreshLocks();

	private final StringRedisTemplate redis;

	private final SessionRepository<Session> sessions;

	private final Duration lease;

	/** @param lease how long a claimed lock outlives an instance that died holding it */
	@SuppressWarnings("unchecked")
	RedisWebTokenRefreshLocks(StringRedisTemplate redis, SessionRepository<? extends Session> sessions,
			Duration lease) {
		this.redis = redis;
		// Spring Session's repository saves the sessions it found: the only ones handed back to it here.
		this.sessions = (SessionRepository<Session>) sessions;
		this.lease = lease;
	}

	@Override
	public Optional<HeldRefreshLock> lock(HttpSession session, Duration wait) throws InterruptedException {
		long until = System.nanoTime() + wait.toNanos();
		HeldRefreshLock local = this.local.lock(session.getId(), wait).orElse(null);
		if (local == null) {
			return Optional.empty();
		}
		String key = PREFIX + session.getId();
		String owner = UUID.randomUUID().toString();
		try {
			while (!Boolean.TRUE.equals(this.redis.opsForValue().setIfAbsent(key, owner, this.lease))) {
				if (System.nanoTime() - until >= 0) {
					local.close();
					return Optional.empty();
				}
				Thread.sleep(POLL.toMillis());
			}
		}
		catch (RuntimeException | InterruptedException ex) {
			local.close();
			throw ex;
		}
		return Optional.of(() -> {
			try {
				this.redis.execute(RELEASE, List.of(key), owner);
			}
			catch (DataAccessException ex) {
				log.warn("The token refresh lock of a web session could not be released (it lapses in {}): {}",
						this.lease, ex.getMessage());
			}
			finally {
				local.close();
			}
		});
	}

	/** Requests of this instance holding or waiting for a session's lock now. */
	int users() {
		return this.local.users();
	}

	@Override
	public void reread(HttpSession session) {
		Session stored = this.sessions.findById(session.getId());
		if (stored == null) {
			return;
		}
		Object tokens = stored.getAttribute(WebSessionTokenRepository.ATTRIBUTE);
		if (tokens == null) {
			if (session.getAttribute(WebSessionTokenRepository.ATTRIBUTE) != null) {
				session.removeAttribute(WebSessionTokenRepository.ATTRIBUTE);
			}
		}
		else if (!tokens.equals(session.getAttribute(WebSessionTokenRepository.ATTRIBUTE))) {
			session.setAttribute(WebSessionTokenRepository.ATTRIBUTE, tokens);
		}
	}

	@Override
	public void saveNow(HttpSession session) {
		Session stored = this.sessions.findById(session.getId());
		if (stored == null) {
			return;
		}
		for (String attribute : List.of(WebSessionTokenRepository.ATTRIBUTE,
				HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY)) {
			Object value = session.getAttribute(attribute);
			if (value != null) {
				stored.setAttribute(attribute, value);
			}
		}
		this.sessions.save(stored);
	}

}
