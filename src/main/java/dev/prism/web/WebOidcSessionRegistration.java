package dev.prism.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpSession;

import org.springframework.context.ApplicationListener;
import org.springframework.security.authentication.event.InteractiveAuthenticationSuccessEvent;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.oidc.authentication.logout.LogoutTokenClaimNames;
import org.springframework.security.oauth2.client.oidc.session.OidcSessionInformation;
import org.springframework.security.oauth2.client.oidc.session.OidcSessionRegistry;
import org.springframework.security.oauth2.core.oidc.IdTokenClaimNames;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Links each OpenID Connect web login to its provider session in the {@link OidcSessionRegistry}, with ids only (issuer,
 * subject, {@code sid}, audience; no token). It listens for the login's {@link InteractiveAuthenticationSuccessEvent},
 * published once the session id has changed, so the registry holds the session's final id (Spring Security's own
 * registration runs before that change and relies on session events Spring Session's Redis repository never sends).
 */
final class WebOidcSessionRegistration implements ApplicationListener<InteractiveAuthenticationSuccessEvent> {

	/** What a registry entry's ID token reads instead of a token. */
	static final String NO_TOKEN = "none:the-registry-keeps-ids-only";

	private final OidcSessionRegistry registry;

	private final WebOidcLogins logins;

	WebOidcSessionRegistration(OidcSessionRegistry registry, WebOidcLogins logins) {
		this.registry = registry;
		this.logins = logins;
	}

	@Override
	public void onApplicationEvent(InteractiveAuthenticationSuccessEvent event) {
		if (!(event.getAuthentication() instanceof OAuth2AuthenticationToken login)
				|| !(login.getPrincipal() instanceof OidcUser user)
				|| !this.logins.isLogin(login.getAuthorizedClientRegistrationId())) {
			return;
		}
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		HttpSession session = attributes instanceof ServletRequestAttributes servlet
				? servlet.getRequest().getSession(false) : null;
		if (session == null) {
			return;
		}
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put(IdTokenClaimNames.ISS, String.valueOf(user.getIssuer()));
		claims.put(IdTokenClaimNames.SUB, user.getSubject());
		claims.put(IdTokenClaimNames.AUD, user.getAudience() == null ? List.of() : user.getAudience());
		String sid = user.getClaimAsString(LogoutTokenClaimNames.SID);
		if (sid != null) {
			claims.put(LogoutTokenClaimNames.SID, sid);
		}
		this.registry.saveSessionInformation(new OidcSessionInformation(session.getId(), Map.of(), idsOnly(claims)));
	}

	/** A user of these ID-token claims (issuer, subject, audience, sid), whose ID token is no token. */
	static OidcUser idsOnly(Map<String, Object> claims) {
		return new DefaultOidcUser(List.of(), new OidcIdToken(NO_TOKEN, null, null, claims));
	}

}
