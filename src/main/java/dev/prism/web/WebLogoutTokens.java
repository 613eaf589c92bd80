package dev.prism.web;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;

import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.ExpiryPolicyBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.ehcache.core.config.DefaultConfiguration;
import org.ehcache.jsr107.Eh107Configuration;
import org.ehcache.jsr107.EhcacheCachingProvider;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.client.oidc.authentication.logout.LogoutTokenClaimNames;
import org.springframework.security.oauth2.client.oidc.authentication.logout.OidcLogoutToken;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import dev.prism.upstream.IdentityProviderKeys;

/**
 * Verifies OpenID Connect back-channel logout tokens as Back-Channel Logout 1.0 section 2.6 asks: signed with a key of
 * the provider's JWK set (an asymmetric algorithm only), {@code typ} {@code logout+jwt} or {@code JWT} if present,
 * {@code iss} the registration's issuer, {@code aud} naming its client id, {@code iat} and {@code exp} present and
 * {@code exp} not past (by Prism's clock, with {@code prism.web.oidc.clock-skew}), a {@code jti}, {@code events}
 * holding the back-channel logout event as an empty JSON object (Spring Security's {@link OidcLogoutToken} insists on
 * the {@code {}} the spec recommends), {@code sid} or {@code sub}, and no {@code nonce}. A token is accepted once
 * (section 2.6, step 10, "MAY"): the {@code jti}s of accepted tokens are remembered until their {@code exp} plus the
 * clock skew — after that the token is refused as expired anyway — and one sent again is refused like any other bad
 * token. The memory is an Ehcache heap cache holding at most {@value #MAX_REMEMBERED} tokens, its own per instance
 * also in {@code distributed}: a replay that reaches another instance, or a token pushed out by
 * {@value #MAX_REMEMBERED} newer ones, is accepted — and ends only sessions its first delivery ended already.
 */
final class WebLogoutTokens {

	static final String BACK_CHANNEL_LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout";

	/** Logout tokens are signed as ID tokens are; never with a MAC (the JWK set is public) nor unsigned. */
	private static final Set<SignatureAlgorithm> ALGORITHMS = Set.of(SignatureAlgorithm.RS256,
			SignatureAlgorithm.RS384, SignatureAlgorithm.RS512, SignatureAlgorithm.PS256, SignatureAlgorithm.PS384,
			SignatureAlgorithm.PS512, SignatureAlgorithm.ES256, SignatureAlgorithm.ES384, SignatureAlgorithm.ES512);

	/** A logout token that fails a check: the provider is answered 400 {@code invalid_request}. */
	static final class InvalidLogoutToken extends RuntimeException {

		private static final long serialVersionUID = 1L;

		InvalidLogoutToken(String reason) {
			super(reason, null, false, false);
		}

	}

	/** The provider's keys could not be had (its JWK set unreachable, say): the token is neither valid nor invalid. */
	static final class KeysUnavailable extends RuntimeException {

		private static final long serialVersionUID = 1L;

		KeysUnavailable(String reason) {
			super(reason, null, false, false);
		}

	}

	/** Accepted tokens remembered at most; logouts are few, and only a validly signed token is ever remembered. */
	static final int MAX_REMEMBERED = 50_000;

	/** The replay memory's cache name. */
	static final String CACHE = "prism.web.logout-tokens";

	private final Map<String, JwtDecoder> decoders = new ConcurrentHashMap<>();

	/** Registration id and {@code jti} of each accepted token, to the end of its acceptance ({@code exp} + skew). */
	private final Cache<String, Instant> accepted;

	private final Clock clock;

	private final Duration clockSkew;

	private final IdentityProviderKeys keys;

	/** The replay memory is made in {@code caches}, as {@value #CACHE}. */
	WebLogoutTokens(Clock clock, Duration clockSkew, IdentityProviderKeys keys, CacheManager caches) {
		this.clock = clock;
		this.clockSkew = clockSkew;
		this.keys = keys;
		// Ehcache expires an entry by its own time; whether a token is still remembered is judged by this clock
		this.accepted = caches.createCache(CACHE, Eh107Configuration.fromEhcacheCacheConfiguration(
				CacheConfigurationBuilder
					.newCacheConfigurationBuilder(String.class, Instant.class, ResourcePoolsBuilder.heap(MAX_REMEMBERED))
					.withExpiry(ExpiryPolicyBuilder.expiry()
						.<String, Instant>create((key, until) -> remaining(until))
						.update((key, previous, until) -> remaining(until))
						.build())
					.build()));
	}

	/** A cache manager of its own for the replay memory (one per application context; closing it is the caller's). */
	static CacheManager cacheManager() {
		EhcacheCachingProvider provider = (EhcacheCachingProvider) Caching
			.getCachingProvider(EhcacheCachingProvider.class.getName());
		return provider.getCacheManager(URI.create("urn:prism:web-logout-tokens:" + UUID.randomUUID()),
				new DefaultConfiguration(WebLogoutTokens.class.getClassLoader()));
	}

	/** The verified logout token, or {@link InvalidLogoutToken} / {@link KeysUnavailable}. */
	OidcLogoutToken verify(ClientRegistration registration, String logoutToken) {
		Jwt jwt;
		try {
			jwt = this.decoders.computeIfAbsent(registration.getRegistrationId(), id -> decoder(registration))
				.decode(logoutToken);
		}
		catch (JwtValidationException ex) {
			throw new InvalidLogoutToken(ex.getErrors()
				.stream()
				.map(error -> error.getDescription() != null ? error.getDescription() : error.getErrorCode())
				.distinct()
				.reduce((first, second) -> first + "; " + second)
				.orElse("the logout token failed its checks"));
		}
		catch (BadJwtException ex) {
			throw new InvalidLogoutToken("the logout token is no JWT signed by the provider's keys");
		}
		catch (JwtException ex) {
			throw new KeysUnavailable("the provider's JWK set could not be read");
		}
		OidcLogoutToken token;
		try {
			token = OidcLogoutToken.withTokenValue(logoutToken).claims(claims -> claims.putAll(jwt.getClaims())).build();
		}
		catch (IllegalArgumentException ex) {
			// Spring Security's own checks, a little stricter still: the event's object must be empty
			throw new InvalidLogoutToken(String.valueOf(ex.getMessage()));
		}
		// (the JWT's exp: OidcLogoutToken's own expiry is Instant.MAX)
		firstUse(registration, token, jwt.getExpiresAt());
		return token;
	}

	/**
	 * Forgets that {@code token} was accepted: its logout could not be completed, and the provider is asked to send it
	 * again.
	 */
	void forget(ClientRegistration registration, OidcLogoutToken token) {
		this.accepted.remove(key(registration, token));
	}

	private void firstUse(ClientRegistration registration, OidcLogoutToken token, @Nullable Instant expiresAt) {
		Instant until = (expiresAt != null ? expiresAt : this.clock.instant()).plus(this.clockSkew);
		String key = key(registration, token);
		if (this.accepted.putIfAbsent(key, until)) {
			return;
		}
		Instant remembered = this.accepted.get(key);
		if (remembered != null && this.clock.instant().isBefore(remembered)) {
			throw new InvalidLogoutToken("the logout token was sent before (its jti was accepted already)");
		}
		// Remembered, but past its end by Prism's clock (Ehcache had not let it go yet): this is a first use again
		this.accepted.put(key, until);
	}

	private static String key(ClientRegistration registration, OidcLogoutToken token) {
		return registration.getRegistrationId() + ' ' + token.getId();
	}

	private Duration remaining(Instant until) {
		Duration left = Duration.between(this.clock.instant(), until);
		return left.isNegative() ? Duration.ZERO : left;
	}

	private JwtDecoder decoder(ClientRegistration registration) {
		String issuer = registration.getProviderDetails().getIssuerUri();
		if (issuer == null || issuer.isEmpty()) {
			throw new KeysUnavailable("registration " + registration.getRegistrationId() + " has no issuer-uri");
		}
		NimbusJwtDecoder decoder = jwkSetDecoder(registration);
		JwtTypeValidator type = new JwtTypeValidator("JWT", "logout+jwt");
		type.setAllowEmpty(true);
		JwtTimestampValidator times = new JwtTimestampValidator(this.clockSkew);
		times.setClock(this.clock);
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(type, times,
				new LogoutClaims(issuer, registration.getClientId(), this.clock, this.clockSkew)));
		return decoder;
	}

	/**
	 * The provider's JWK set from {@code upstream}'s {@link IdentityProviderKeys}: cached, and fetched again for an
	 * unknown {@code kid} only as often as its rate limit allows — anyone can POST a logout token naming a made-up key.
	 */
	private NimbusJwtDecoder jwkSetDecoder(ClientRegistration registration) {
		String jwkSetUri = registration.getProviderDetails().getJwkSetUri();
		if (jwkSetUri == null || jwkSetUri.isEmpty()) {
			throw new KeysUnavailable("registration " + registration.getRegistrationId() + " has no jwk-set-uri");
		}
		return NimbusJwtDecoder.withJwkSource(this.keys.source(jwkSetUri))
			.jwsAlgorithms(algorithms -> algorithms.addAll(ALGORITHMS))
			.build();
	}

	/** The claims section 2.6 requires of a logout token, beyond its signature and times. */
	private record LogoutClaims(String issuer, String clientId, Clock clock, Duration clockSkew)
			implements OAuth2TokenValidator<Jwt> {

		@Override
		public OAuth2TokenValidatorResult validate(Jwt jwt) {
			List<OAuth2Error> errors = new ArrayList<>();
			if (!this.issuer.equals(jwt.getClaimAsString(LogoutTokenClaimNames.ISS))) {
				errors.add(invalid("iss is not the provider's issuer"));
			}
			List<String> audience = jwt.getAudience();
			if (audience == null || !audience.contains(this.clientId)) {
				errors.add(invalid("aud does not name this client"));
			}
			Instant issuedAt = jwt.getIssuedAt();
			if (issuedAt == null) {
				errors.add(invalid("iat is missing"));
			}
			else if (issuedAt.isAfter(this.clock.instant().plus(this.clockSkew))) {
				errors.add(invalid("iat is in the future"));
			}
			if (jwt.getExpiresAt() == null) {
				errors.add(invalid("exp is missing"));
			}
			if (jwt.getId() == null || jwt.getId().isEmpty()) {
				errors.add(invalid("jti is missing"));
			}
			if (!(jwt.getClaims().get(LogoutTokenClaimNames.EVENTS) instanceof Map<?, ?> events)
					|| !(events.get(BACK_CHANNEL_LOGOUT_EVENT) instanceof Map<?, ?>)) {
				errors.add(invalid("events does not hold " + BACK_CHANNEL_LOGOUT_EVENT));
			}
			if (isBlank(jwt.getClaimAsString(LogoutTokenClaimNames.SID))
					&& isBlank(jwt.getClaimAsString(LogoutTokenClaimNames.SUB))) {
				errors.add(invalid("neither sid nor sub"));
			}
			if (jwt.hasClaim("nonce")) {
				errors.add(invalid("a logout token has no nonce"));
			}
			return OAuth2TokenValidatorResult.failure(errors);
		}

		private static boolean isBlank(@Nullable String value) {
			return value == null || value.isEmpty();
		}

		private static OAuth2Error invalid(String description) {
			return new OAuth2Error("invalid_request", description,
					"https://openid.net/specs/openid-connect-backchannel-1_0.html#Validation");
		}

	}

}
