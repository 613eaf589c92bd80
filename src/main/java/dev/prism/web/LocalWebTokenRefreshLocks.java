package dev.prism.web;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.servlet.http.HttpSession;

/**
 * One lock per session id within this instance, kept only while a request holds or waits for it. The session is this
 * instance's own (Tomcat's): every request of it sees the same attributes, so there is nothing to re-read or to store
 * early.
 */
final class LocalWebTokenRefreshLocks implements WebTokenRefreshLocks {

	private final Map<String, Entry> locks = new ConcurrentHashMap<>();

	/** A session's lock and how many requests hold or wait for it. */
	private static final class Entry {

		final ReentrantLock lock = new ReentrantLock();

		/** Changed only in the map's {@code compute}s, read by {@link #users()}. */
		volatile int users;

	}

	@Override
	public Optional<HeldRefreshLock> lock(HttpSession session, Duration wait) throws InterruptedException {
		return lock(session.getId(), wait);
	}

	Optional<HeldRefreshLock> lock(String key, Duration wait) throws InterruptedException {
		Entry entry = this.locks.compute(key, (id, existing) -> {
			Entry used = existing == null ? new Entry() : existing;
			used.users++;
			return used;
		});
		boolean locked = false;
		try {
			locked = entry.lock.tryLock(wait.toNanos(), TimeUnit.NANOSECONDS);
		}
		finally {
			if (!locked) {
				leave(key);
			}
		}
		if (!locked) {
			return Optional.empty();
		}
		return Optional.of(() -> {
			entry.lock.unlock();
			leave(key);
		});
	}

	private void leave(String key) {
		this.locks.computeIfPresent(key, (id, entry) -> --entry.users == 0 ? null : entry);
	}

	/** Requests holding or waiting for a session's lock now, of every session. */
	int users() {
		return this.locks.values().stream().mapToInt(entry -> entry.users).sum();
	}

	@Override
	public void reread(HttpSession session) {
	}

	@Override
	public void saveNow(HttpSession session) {
	}

}
