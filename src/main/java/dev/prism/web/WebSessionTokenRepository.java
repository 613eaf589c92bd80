package dev.prism.web;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.HttpSessionOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where an OpenID Connect web session keeps its tokens: in the session, as {@link HttpSessionOAuth2AuthorizedClientRepository}
 * does (so in Redis with the session in profile {@code distributed}, never in a per-instance store), but as one
 * AES-GCM-sealed string ({@link WebTokenCipher}) of {@link WebSessionTokens} — tokens and registration id only; the
 * client registration, secret included, is looked up by its id. The session holds one login's tokens; the ID token
 * comes with the login's principal, or from {@link WebSecurityContextRepository} when a refresh renews it.
 */
final class WebSessionTokenRepository implements OAuth2AuthorizedClientRepository {

	/** The session attribute holding the sealed tokens. */
	static final String ATTRIBUTE = "prism.web.oidc.tokens";

	private static final Logger log = LoggerFactory.getLogger(WebSessionTokenRepository.class);

	private final JsonMapper json = JsonMapper.builder().build();

	private final ClientRegistrationRepository registrations;

	private final WebTokenCipher cipher;

	private final Clock clock;

	WebSessionTokenRepository(ClientRegistrationRepository registrations, WebTokenCipher cipher, Clock clock) {
		this.registrations = registrations;
		this.cipher = cipher;
		this.clock = clock;
	}

	/** The cipher of the sessions' tokens, whose key other sealed values of the login share. */
	WebTokenCipher cipher() {
		return this.cipher;
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T extends OAuth2AuthorizedClient> @Nullable T loadAuthorizedClient(String clientRegistrationId,
			@Nullable Authentication principal, HttpServletRequest request) {
		WebSessionTokens tokens = tokens(request).orElse(null);
		if (tokens == null || !tokens.registrationId().equals(clientRegistrationId)) {
			return null;
		}
		ClientRegistration registration = this.registrations.findByRegistrationId(clientRegistrationId);
		return registration == null ? null : (T) tokens.toAuthorizedClient(registration);
	}

	@Override
	public void saveAuthorizedClient(OAuth2AuthorizedClient authorizedClient, @Nullable Authentication principal,
			HttpServletRequest request, HttpServletResponse response) {
		WebSessionTokens existing = tokens(request)
			.filter(tokens -> tokens.registrationId()
				.equals(authorizedClient.getClientRegistration().getRegistrationId())
					&& tokens.principalName().equals(authorizedClient.getPrincipalName()))
			.orElse(null);
		String idToken = idTokenOf(principal);
		if (idToken == null && existing != null) {
			idToken = existing.idToken();
		}
		Instant now = this.clock.instant();
		write(request.getSession(), WebSessionTokens.of(authorizedClient, idToken,
				existing == null ? now : existing.loggedInAt(), now));
	}

	@Override
	public void removeAuthorizedClient(String clientRegistrationId, @Nullable Authentication principal,
			HttpServletRequest request, HttpServletResponse response) {
		HttpSession session = request.getSession(false);
		if (session != null && tokens(request).map(tokens -> tokens.registrationId().equals(clientRegistrationId))
			.orElse(true)) {
			session.removeAttribute(ATTRIBUTE);
		}
	}

	/** The tokens of the request's session, if it has any this instance can read. */
	Optional<WebSessionTokens> tokens(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		return session == null ? Optional.empty() : tokens(session);
	}

	Optional<WebSessionTokens> tokens(HttpSession session) {
		if (!(session.getAttribute(ATTRIBUTE) instanceof String sealed)) {
			return Optional.empty();
		}
		Optional<byte[]> plain = this.cipher.open(sealed);
		if (plain.isEmpty()) {
			log.warn("The tokens of a web session cannot be decrypted (another {}, or altered): it counts as expired",
					WebTokenCipher.KEY_PROPERTY);
			return Optional.empty();
		}
		try {
			return Optional.of(this.json.readValue(plain.get(), WebSessionTokens.class));
		}
		catch (JacksonException ex) {
			log.warn("The tokens of a web session cannot be read ({}): it counts as expired",
					ex.getClass().getSimpleName());
			return Optional.empty();
		}
	}

	/** Keeps {@code idToken} with the session's tokens (a refresh renewed it), if the session has tokens. */
	void rememberIdToken(HttpServletRequest request, String idToken) {
		tokens(request).filter(tokens -> !idToken.equals(tokens.idToken()))
			.ifPresent(tokens -> write(request.getSession(), tokens.withIdToken(idToken)));
	}

	private void write(HttpSession session, WebSessionTokens tokens) {
		session.setAttribute(ATTRIBUTE, this.cipher.seal(this.json.writeValueAsBytes(tokens)));
	}

	private static @Nullable String idTokenOf(@Nullable Authentication principal) {
		if (principal != null && principal.getPrincipal() instanceof OidcUser user && user.getIdToken() != null
				&& !WebSecurityContextRepository.isRedacted(user.getIdToken())) {
			return user.getIdToken().getTokenValue();
		}
		return null;
	}

}
