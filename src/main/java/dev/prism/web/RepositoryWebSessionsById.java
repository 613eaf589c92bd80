package dev.prism.web;

import org.springframework.session.SessionRepository;

/**
 * Web sessions ended in Spring Session's repository (profile {@code distributed}): deleted from Redis, so every
 * instance finds the session gone at its next request — directly, not through Spring Security's back-channel handler,
 * which would POST the session's cookie to Prism's own logout endpoint, un-encoded as Spring Session cannot read it
 * (spring-security#16627).
 */
final class RepositoryWebSessionsById implements WebSessionsById {

	private final SessionRepository<?> sessions;

	RepositoryWebSessionsById(SessionRepository<?> sessions) {
		this.sessions = sessions;
	}

	@Override
	public boolean end(String sessionId) {
		if (this.sessions.findById(sessionId) == null) {
			return false;
		}
		this.sessions.deleteById(sessionId);
		return true;
	}

}
