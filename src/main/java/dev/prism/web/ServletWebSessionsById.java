package dev.prism.web;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionIdListener;
import jakarta.servlet.http.HttpSessionListener;

import org.springframework.security.oauth2.client.oidc.session.OidcSessionInformation;
import org.springframework.security.oauth2.client.oidc.session.OidcSessionRegistry;

/**
 * This instance's servlet sessions by id (Tomcat's, when there is no Spring Session), followed through the container's
 * session events — which also keep the {@link OidcSessionRegistry} current: a session that ends, by logout or
 * expiry, leaves it, and one whose id changes keeps its entry under the new id (spring-security#16629).
 */
final class ServletWebSessionsById implements WebSessionsById, HttpSessionListener, HttpSessionIdListener {

	private final Map<String, HttpSession> sessions = new ConcurrentHashMap<>();

	private final OidcSessionRegistry registry;

	ServletWebSessionsById(OidcSessionRegistry registry) {
		this.registry = registry;
	}

	@Override
	public boolean end(String sessionId) {
		HttpSession session = this.sessions.remove(sessionId);
		if (session == null) {
			return false;
		}
		try {
			session.invalidate();
			return true;
		}
		catch (IllegalStateException alreadyInvalidated) {
			return false;
		}
	}

	@Override
	public void sessionCreated(HttpSessionEvent event) {
		this.sessions.put(event.getSession().getId(), event.getSession());
	}

	@Override
	public void sessionDestroyed(HttpSessionEvent event) {
		String id = event.getSession().getId();
		this.sessions.remove(id);
		this.registry.removeSessionInformation(id);
	}

	@Override
	public void sessionIdChanged(HttpSessionEvent event, String oldSessionId) {
		HttpSession session = event.getSession();
		this.sessions.remove(oldSessionId);
		this.sessions.put(session.getId(), session);
		OidcSessionInformation information = this.registry.removeSessionInformation(oldSessionId);
		if (information != null) {
			this.registry.saveSessionInformation(information.withSessionId(session.getId()));
		}
	}

}
