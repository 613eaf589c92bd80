package dev.prism.web;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.security.oauth2.client.autoconfigure.ConditionalOnOAuth2ClientRegistrationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.security.oauth2.client.RefreshTokenOAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.oidc.authentication.OidcAuthorizedClientRefreshedEventListener;
import org.springframework.security.oauth2.client.oidc.authentication.OidcIdTokenValidator;
import org.springframework.security.oauth2.client.endpoint.OAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.OAuth2AuthorizationCodeGrantRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.userinfo.DefaultOAuth2UserService;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.session.SessionRepository;

import dev.prism.upstream.IdentityProviderHttp;

/**
 * The token handling of web sessions logged in through OpenID Connect, when a client registration is configured
 * ({@code spring.security.oauth2.client.registration.*}): tokens kept encrypted in the session
 * ({@link WebSessionTokenRepository}, which stands in for Boot's per-instance authorized-client store), refreshed ahead
 * of expiry one refresh per session at a time ({@link WebTokenRefresher}), ID tokens checked by Prism's clock, and the
 * logout at the provider ({@link WebOidcLogout}). A {@link Clock} bean, if there is one, is Prism's clock here (tests
 * move it); otherwise the system's.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnOAuth2ClientRegistrationProperties
class WebOidcConfiguration {

	/** How long a refresh lock in Redis outlives an instance that died holding it. */
	static final Duration REDIS_LOCK_LEASE = Duration.ofSeconds(30);

	/** What the web chain needs of OpenID Connect sessions. */
	record WebOidc(WebOidcLogins logins, WebSessionTokenRepository tokens, WebSecurityContextRepository contexts,
			WebTokenRefresher refresher,
			OAuth2AccessTokenResponseClient<OAuth2AuthorizationCodeGrantRequest> authorizationCodeTokens,
			OidcUserService users) {
	}

	private static Clock clock(ObjectProvider<Clock> clocks) {
		return clocks.getIfUnique(Clock::systemUTC);
	}

	@Bean
	WebOidcLogins webOidcLogins(ClientRegistrationRepository registrations, WebProperties properties) {
		return new WebOidcLogins(registrations,
				java.util.Objects.requireNonNullElse(properties.oidc().registrationIds(), java.util.List.of()));
	}

	/** Also Spring Security's authorized-client repository of the login (Boot's in-memory one backs off). */
	@Bean
	WebSessionTokenRepository webSessionTokenRepository(ClientRegistrationRepository registrations,
			WebProperties properties, ObjectProvider<Clock> clocks) {
		return new WebSessionTokenRepository(registrations, WebTokenCipher.of(properties.session().encryptionKey()),
				clock(clocks));
	}

	@Bean
	WebSecurityContextRepository webSecurityContextRepository(WebSessionTokenRepository tokens) {
		return new WebSecurityContextRepository(tokens);
	}

	/**
	 * ID tokens, at login and refresh, checked as Spring Security does — signature, issuer, audience, times — but by
	 * Prism's clock and with {@code prism.web.oidc.clock-skew}. (The login picks this factory up as the only bean of
	 * its type.)
	 */
	@Bean
	JwtDecoderFactory<ClientRegistration> webIdTokenDecoderFactory(WebProperties properties,
			ObjectProvider<Clock> clocks, IdentityProviderHttp identity) {
		Clock clock = clock(clocks);
		Duration skew = properties.oidc().clockSkew();
		return new WebIdTokenDecoders(identity.jwkSets(), registration -> {
			JwtTimestampValidator times = new JwtTimestampValidator(skew);
			times.setClock(clock);
			OidcIdTokenValidator idToken = new OidcIdTokenValidator(registration);
			idToken.setClock(clock);
			idToken.setClockSkew(skew);
			return new DelegatingOAuth2TokenValidator<>(times, idToken);
		});
	}

	@Bean
	@Profile("!distributed")
	WebTokenRefreshLocks localWebTokenRefreshLocks() {
		return new LocalWebTokenRefreshLocks();
	}

	@Bean
	@Profile("distributed")
	WebTokenRefreshLocks redisWebTokenRefreshLocks(StringRedisTemplate redis, SessionRepository<?> sessions) {
		return new RedisWebTokenRefreshLocks(redis, sessions, REDIS_LOCK_LEASE);
	}

	@Bean
	WebOidc webOidc(ClientRegistrationRepository registrations, WebOidcLogins logins,
			WebSessionTokenRepository tokens, WebSecurityContextRepository contexts,
			JwtDecoderFactory<ClientRegistration> idTokenDecoders, WebTokenRefreshLocks locks, WebProperties properties,
			ObjectProvider<Clock> clocks, MeterRegistry meters, IdentityProviderHttp identity) {
		Clock clock = clock(clocks);
		WebTokenRefresher.RefreshEvents events = new WebTokenRefresher.RefreshEvents();
		RefreshTokenOAuth2AuthorizedClientProvider refreshTokens = new RefreshTokenOAuth2AuthorizedClientProvider();
		refreshTokens.setAccessTokenResponseClient(identity.refreshTokens());
		refreshTokens.setClock(clock);
		refreshTokens.setClockSkew(WebTokenRefresher.refreshMargin(properties.oidc()));
		refreshTokens.setApplicationEventPublisher(events);
		DefaultOAuth2AuthorizedClientManager manager = new DefaultOAuth2AuthorizedClientManager(registrations, tokens);
		manager.setAuthorizedClientProvider(refreshTokens);
		// The refresh asks for the scopes the tokens have: never for a request's own ?scope= parameter.
		manager.setContextAttributesMapper(request -> Map.of());
		// A failed refresh leaves the tokens where they are: the refresher decides whether the session ends.
		manager.setAuthorizationFailureHandler((failure, principal, attributes) -> {
		});
		OidcAuthorizedClientRefreshedEventListener idTokens = new OidcAuthorizedClientRefreshedEventListener();
		idTokens.setJwtDecoderFactory(idTokenDecoders);
		idTokens.setClockSkew(properties.oidc().clockSkew());
		idTokens.setApplicationEventPublisher(events);
		WebTokenRefresher refresher = new WebTokenRefresher(tokens, manager, events, idTokens, contexts, locks, clock,
				properties.oidc(), meters);
		// The login's UserInfo request through upstream's identity-provider client too (Spring's own has no timeouts)
		DefaultOAuth2UserService userInfo = new DefaultOAuth2UserService();
		userInfo.setRestOperations(identity.userInfo());
		OidcUserService users = new OidcUserService();
		users.setOauth2UserService(userInfo);
		return new WebOidc(logins, tokens, contexts, refresher, identity.authorizationCodeTokens(), users);
	}

	@Bean
	WebOidcLogout webOidcLogout(ClientRegistrationRepository registrations, WebOidcLogins logins,
			WebSessionTokenRepository tokens, WebProperties properties, IdentityProviderHttp identity) {
		return new WebOidcLogout(registrations, logins, tokens, (registration, endpoint, refreshToken) -> identity
			.revoke(registration, endpoint, refreshToken, OAuth2ParameterNames.REFRESH_TOKEN),
				properties.oidc().postLogoutRedirectUri());
	}

}
