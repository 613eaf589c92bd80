package dev.prism.web;

import java.util.List;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * The provider's side of logging out an OpenID Connect web session: the refresh token is revoked where the provider
 * offers revocation ({@code revocation_endpoint}, RFC 7009), and the URL the browser goes to next so the provider ends
 * its session too (RP-initiated logout: its {@code end_session_endpoint} with {@code id_token_hint} and
 * {@code post_logout_redirect_uri}, {@code prism.web.oidc.post-logout-redirect-uri}), as Spring Security's
 * {@link OidcClientInitiatedLogoutSuccessHandler} builds it — none when the provider has no such endpoint.
 */
final class WebOidcLogout {

	static final String END_SESSION_ENDPOINT = "end_session_endpoint";

	static final String REVOCATION_ENDPOINT = "revocation_endpoint";

	private final WebOidcLogins logins;

	private final WebSessionTokenRepository tokens;

	private final Revocation revocation;

	private final EndSessionUrls endSessionUrls;

	WebOidcLogout(ClientRegistrationRepository registrations, WebOidcLogins logins, WebSessionTokenRepository tokens,
			Revocation revocation, String postLogoutRedirectUri) {
		this.logins = logins;
		this.tokens = tokens;
		this.revocation = revocation;
		this.endSessionUrls = new EndSessionUrls(registrations, postLogoutRedirectUri);
	}

	/**
	 * Revokes the session's refresh token and answers where the browser ends the provider's session, if the provider
	 * has an end-session endpoint. Call before the session is invalidated.
	 */
	Optional<String> logOut(HttpServletRequest request, HttpServletResponse response,
			OAuth2AuthenticationToken authentication) {
		ClientRegistration registration = this.logins.login(authentication.getAuthorizedClientRegistrationId())
			.orElse(null);
		WebSessionTokens stored = this.tokens.tokens(request)
			.filter(tokens -> registration != null && tokens.registrationId().equals(registration.getRegistrationId()))
			.orElse(null);
		if (registration == null || stored == null) {
			return Optional.empty();
		}
		Object revocationEndpoint = registration.getProviderDetails()
			.getConfigurationMetadata()
			.get(REVOCATION_ENDPOINT);
		OAuth2AuthorizedClient client = stored.toAuthorizedClient(registration);
		if (revocationEndpoint != null && client.getRefreshToken() != null) {
			this.revocation.revoke(registration, revocationEndpoint.toString(), client.getRefreshToken().getTokenValue());
		}
		if (registration.getProviderDetails().getConfigurationMetadata().get(END_SESSION_ENDPOINT) == null
				|| stored.idToken() == null || !(authentication.getPrincipal() instanceof OidcUser user)) {
			return Optional.empty();
		}
		// Spring Security's handler takes the ID token from the user; the session keeps it encrypted instead.
		OidcIdToken idToken = new OidcIdToken(stored.idToken(), user.getIdToken().getIssuedAt(),
				user.getIdToken().getExpiresAt(), user.getIdToken().getClaims());
		OAuth2AuthenticationToken withIdToken = new OAuth2AuthenticationToken(new DefaultOidcUser(List.of(), idToken),
				List.of(), registration.getRegistrationId());
		return Optional.of(this.endSessionUrls.of(request, response, withIdToken));
	}

	/**
	 * Revokes a refresh token at the provider's revocation endpoint (RFC 7009), best effort: through
	 * {@code upstream}'s identity-provider client, as Spring Security's client has no revocation of its own.
	 */
	@FunctionalInterface
	interface Revocation {

		/** Whether the provider confirmed it; a failure is logged, and the logout goes on. */
		boolean revoke(ClientRegistration registration, String endpoint, String refreshToken);

	}

	/** Spring Security's RP-initiated logout URL, without its redirect. */
	private static final class EndSessionUrls extends OidcClientInitiatedLogoutSuccessHandler {

		EndSessionUrls(ClientRegistrationRepository registrations, String postLogoutRedirectUri) {
			super(registrations);
			setPostLogoutRedirectUri(postLogoutRedirectUri);
		}

		String of(HttpServletRequest request, HttpServletResponse response,
				OAuth2AuthenticationToken authentication) {
			return determineTargetUrl(request, response, authentication);
		}

	}

}
