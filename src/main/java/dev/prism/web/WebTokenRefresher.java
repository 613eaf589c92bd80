package dev.prism.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.event.OAuth2AuthorizedClientRefreshedEvent;
import org.springframework.security.oauth2.client.oidc.authentication.OidcAuthorizedClientRefreshedEventListener;
import org.springframework.security.oauth2.client.oidc.authentication.event.OidcUserRefreshedEvent;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;

/**
 * Keeps the access token of an OpenID Connect web session valid: an access token is refreshed
 * {@code prism.web.oidc.refresh-ahead} plus {@code clock-skew} before it expires, through Spring Security's
 * {@link OAuth2AuthorizedClientManager} and its refresh-token provider. The requests of one session share one refresh
 * ({@link WebTokenRefreshLocks}: whoever holds the lock re-reads the tokens and refreshes only if they are still due;
 * the others then find them fresh), and a refresh that was sent is completed and stored whatever the request's
 * deadline — nothing here reads it. The refreshed ID token, if the provider sends one, is checked as OpenID Connect
 * Core 12.2 asks (Spring Security's {@link OidcAuthorizedClientRefreshedEventListener}) and renews the session's user.
 * Only the provider's {@code invalid_grant} (or a refreshed ID token of someone else) ends the session; a provider
 * that cannot be reached or fails leaves it as it is. A session also ends {@code prism.web.oidc.session-max-lifetime}
 * after its login. Meter: {@code prism.web.session.refreshes{outcome}}.
 */
final class WebTokenRefresher {

	/** How long a request waits at most for another request's refresh of the same session. */
	static final Duration LOCK_WAIT = Duration.ofSeconds(10);

	private static final Logger log = LoggerFactory.getLogger(WebTokenRefresher.class);

	/** What became of a session's tokens. */
	sealed interface Outcome permits Valid, Expired, Unavailable {

	}

	/** The tokens are valid (now): this access token. */
	record Valid(OAuth2AccessToken accessToken) implements Outcome {

		@Override
		public String toString() {
			return "Valid[expiresAt=" + this.accessToken.getExpiresAt() + "]";
		}

	}

	/** The session is over: the provider refused the refresh, it has no usable tokens, or it lived long enough. */
	record Expired(String reason) implements Outcome {

	}

	/** The tokens are due and could not be refreshed now; the session stays as it was. */
	record Unavailable(String reason) implements Outcome {

	}

	private final WebSessionTokenRepository tokens;

	private final OAuth2AuthorizedClientManager manager;

	private final RefreshEvents events;

	private final OidcAuthorizedClientRefreshedEventListener idTokens;

	private final WebSecurityContextRepository contexts;

	private final WebTokenRefreshLocks locks;

	private final Clock clock;

	private final Duration refreshMargin;

	private final Duration clockSkew;

	private final Duration maxLifetime;

	private final MeterRegistry meters;

	WebTokenRefresher(WebSessionTokenRepository tokens, OAuth2AuthorizedClientManager manager, RefreshEvents events,
			OidcAuthorizedClientRefreshedEventListener idTokens, WebSecurityContextRepository contexts,
			WebTokenRefreshLocks locks, Clock clock, WebProperties.Oidc settings, MeterRegistry meters) {
		this.tokens = tokens;
		this.manager = manager;
		this.events = events;
		this.idTokens = idTokens;
		this.contexts = contexts;
		this.locks = locks;
		this.clock = clock;
		this.refreshMargin = settings.refreshAhead().plus(settings.clockSkew());
		this.clockSkew = settings.clockSkew();
		this.maxLifetime = settings.sessionMaxLifetime();
		this.meters = meters;
	}

	/** How long before its expiry a token counts as due (here and for the refresh-token provider). */
	static Duration refreshMargin(WebProperties.Oidc settings) {
		return settings.refreshAhead().plus(settings.clockSkew());
	}

	/**
	 * The session's access token, refreshed first when it is due. The request's security context and session get
	 * the renewed user and tokens.
	 */
	Outcome ensureValid(HttpServletRequest request, HttpServletResponse response,
			OAuth2AuthenticationToken authentication) {
		HttpSession session = request.getSession(false);
		if (session == null) {
			return new Expired("no session");
		}
		String registrationId = authentication.getAuthorizedClientRegistrationId();
		WebSessionTokens current = usable(session, registrationId);
		if (current == null) {
			return expired("no tokens");
		}
		Instant now = this.clock.instant();
		if (!now.isBefore(current.loggedInAt().plus(this.maxLifetime))) {
			return expired("lifetime over");
		}
		if (!isDue(current.accessToken(), now)) {
			return valid(current);
		}
		Optional<HeldRefreshLock> held;
		try {
			held = this.locks.lock(session, LOCK_WAIT);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return unavailable("interrupted");
		}
		if (held.isEmpty()) {
			return unavailable("another refresh of this session takes too long");
		}
		try (HeldRefreshLock lock = held.get()) {
			return refreshUnderLock(request, response, authentication, session, registrationId);
		}
	}

	private Outcome refreshUnderLock(HttpServletRequest request, HttpServletResponse response,
			OAuth2AuthenticationToken authentication, HttpSession session, String registrationId) {
		// Another request (on any instance) may have refreshed while this one waited: its tokens count.
		this.locks.reread(session);
		WebSessionTokens fresh = usable(session, registrationId);
		if (fresh == null) {
			return expired("no tokens");
		}
		Instant now = this.clock.instant();
		if (!isDue(fresh.accessToken(), now)) {
			count("joined");
			return valid(fresh);
		}
		if (fresh.refreshToken() == null) {
			return isExpired(fresh.accessToken(), now) ? expired("no refresh token") : valid(fresh);
		}
		OAuth2AuthorizeRequest authorize = OAuth2AuthorizeRequest.withClientRegistrationId(registrationId)
			.principal(authentication)
			.attribute(HttpServletRequest.class.getName(), request)
			.attribute(HttpServletResponse.class.getName(), response)
			.build();
		List<Object> published = new ArrayList<>();
		OAuth2AuthorizedClient refreshed;
		try {
			refreshed = this.events.capture(published, () -> this.manager.authorize(authorize));
		}
		catch (OAuth2AuthorizationException ex) {
			if (OAuth2ErrorCodes.INVALID_GRANT.equals(ex.getError().getErrorCode())) {
				return expired("the provider refused the refresh token");
			}
			log.warn("The tokens of a web session could not be refreshed ({}); the session stays",
					ex.getError().getErrorCode());
			return unavailable(ex.getError().getErrorCode());
		}
		catch (RuntimeException ex) {
			log.warn("The tokens of a web session could not be refreshed ({}); the session stays",
					ex.getClass().getSimpleName());
			return unavailable(ex.getClass().getSimpleName());
		}
		if (refreshed == null) {
			return expired("no tokens");
		}
		OAuth2AuthorizedClientRefreshedEvent event = first(published, OAuth2AuthorizedClientRefreshedEvent.class);
		if (event == null) {
			return new Valid(refreshed.getAccessToken());
		}
		// The new tokens are stored (the manager saved them); now the user, from the refreshed ID token if any.
		Outcome renewed = renewUser(event, request, response);
		this.locks.saveNow(session);
		if (renewed != null) {
			return renewed;
		}
		count("refreshed");
		return new Valid(refreshed.getAccessToken());
	}

	/** Renews the session's user from the refreshed ID token: none, or the end of a session whose user changed. */
	private @Nullable Outcome renewUser(OAuth2AuthorizedClientRefreshedEvent event, HttpServletRequest request,
			HttpServletResponse response) {
		List<Object> published = new ArrayList<>();
		try {
			this.events.capture(published, () -> {
				this.idTokens.onApplicationEvent(event);
				return null;
			});
		}
		catch (OAuth2AuthenticationException ex) {
			String code = ex.getError().getErrorCode();
			if ("invalid_id_token".equals(code) || "invalid_nonce".equals(code)) {
				log.warn("A refreshed ID token failed its checks ({}): the session ends", ex.getError().getDescription());
				return expired("the refreshed ID token is not the session's user's");
			}
			log.warn("The user of a refreshed web session could not be renewed ({}); it keeps the one it had", code);
			return null;
		}
		catch (RuntimeException ex) {
			log.warn("The user of a refreshed web session could not be renewed ({}); it keeps the one it had",
					ex.getClass().getSimpleName());
			return null;
		}
		OidcUserRefreshedEvent user = first(published, OidcUserRefreshedEvent.class);
		if (user != null) {
			SecurityContext context = SecurityContextHolder.createEmptyContext();
			context.setAuthentication(user.getAuthentication());
			SecurityContextHolder.setContext(context);
			this.contexts.saveContext(context, request, response);
		}
		return null;
	}

	private @Nullable WebSessionTokens usable(HttpSession session, String registrationId) {
		return this.tokens.tokens(session).filter(tokens -> tokens.registrationId().equals(registrationId)).orElse(null);
	}

	private boolean isDue(WebSessionTokens.Token accessToken, Instant now) {
		Instant expiresAt = accessToken.expiresAt();
		// As RefreshTokenOAuth2AuthorizedClientProvider decides it, with the same margin.
		return expiresAt != null && now.isAfter(expiresAt.minus(this.refreshMargin));
	}

	private boolean isExpired(WebSessionTokens.Token accessToken, Instant now) {
		Instant expiresAt = accessToken.expiresAt();
		return expiresAt != null && now.isAfter(expiresAt.minus(this.clockSkew));
	}

	private static Valid valid(WebSessionTokens tokens) {
		WebSessionTokens.Token access = tokens.accessToken();
		return new Valid(new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, access.value(), access.issuedAt(),
				access.expiresAt(), access.scopes() == null ? java.util.Set.of() : access.scopes()));
	}

	private Expired expired(String reason) {
		count("session-expired");
		return new Expired(reason);
	}

	private Unavailable unavailable(String reason) {
		count("provider-unavailable");
		return new Unavailable(reason);
	}

	private void count(String outcome) {
		Counter.builder("prism.web.session.refreshes")
			.description("Token refreshes of OpenID Connect web sessions: refreshed, joined (another request's "
					+ "refresh served), session-expired, provider-unavailable")
			.tag("outcome", outcome)
			.register(this.meters)
			.increment();
	}

	private static <T> @Nullable T first(List<Object> events, Class<T> type) {
		return events.stream().filter(type::isInstance).map(type::cast).findFirst().orElse(null);
	}

	/**
	 * The events Spring Security's refresh-token provider and ID-token listener publish, captured for the refresh
	 * that caused them (they are published on its thread) instead of going to the application context.
	 */
	static final class RefreshEvents implements ApplicationEventPublisher {

		private final ThreadLocal<List<Object>> captured = new ThreadLocal<>();

		@Override
		public void publishEvent(Object event) {
			List<Object> events = this.captured.get();
			if (events != null) {
				events.add(event);
			}
		}

		<T> T capture(List<Object> into, java.util.function.Supplier<T> work) {
			List<Object> outer = this.captured.get();
			this.captured.set(into);
			try {
				return work.get();
			}
			finally {
				if (outer == null) {
					this.captured.remove();
				}
				else {
					this.captured.set(outer);
				}
			}
		}

	}

}
