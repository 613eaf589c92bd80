package dev.prism.web;

import java.time.Duration;
import java.util.Optional;

import jakarta.servlet.http.HttpSession;

/**
 * How the requests of one session agree on one token refresh at a time: the request that holds a session's lock
 * re-reads the session's tokens as whoever refreshed last stored them, refreshes only if they are still due, and stores
 * the new ones before it lets go — providers rotate refresh tokens, so a second refresh with the same one would end
 * the session. Within one instance a lock per session ({@link LocalWebTokenRefreshLocks}); across instances sharing
 * sessions in Redis one more, in Redis ({@link RedisWebTokenRefreshLocks}, profile {@code distributed}).
 */
interface WebTokenRefreshLocks {

	/** Locks the refresh of {@code session}, waiting {@code wait} at most; none when that was not enough. */
	Optional<HeldRefreshLock> lock(HttpSession session, Duration wait) throws InterruptedException;

	/** Reads the session's tokens into {@code session} as they are stored now, by any instance. */
	void reread(HttpSession session);

	/** Stores the session's tokens now, where every instance reads them, not only when the request ends. */
	void saveNow(HttpSession session);

}
