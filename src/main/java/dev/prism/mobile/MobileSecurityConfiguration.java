package dev.prism.mobile;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Set;

import javax.cache.CacheManager;
import javax.crypto.spec.SecretKeySpec;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;

import dev.prism.platform.problem.ProblemResponseWriter;
import dev.prism.platform.request.EdgeOrder;
import dev.prism.platform.security.AttemptThrottle;
import dev.prism.platform.security.AttemptThrottles;
import dev.prism.platform.security.AttemptsThrottledException;
import dev.prism.platform.security.ProblemAccessDeniedHandler;
import dev.prism.platform.security.ProblemAuthenticationEntryPoint;
import dev.prism.platform.security.StatelessApiSecurity;

import dev.prism.upstream.IdentityProviderKeys;
import dev.prism.upstream.UpstreamCredentialModes;

/**
 * Security of everything under {@code /mobile/}: stateless JWT bearer tokens only — never a session. Tokens are
 * verified with the identity provider's issuer or JWK set when Spring Security's standard
 * {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} / {@code jwk-set-uri} are set, with the HS256
 * {@code prism.mobile.jwt.secret} otherwise; either way the audience must contain {@code prism.mobile.jwt.audience}
 * and {@code exp} is required. Verified tokens are remembered for a while ({@link VerifiedTokenCache}), so an app's
 * repeated token is not verified on every request. The decoder serves this chain only (it is not a bean other chains
 * could pick up).
 */
@Configuration(proxyBeanMethods = false)
class MobileSecurityConfiguration {

	static final int MINIMUM_SECRET_BYTES = 32;

	/** What a token from {@code issuer-uri}'s keys may be signed with. */
	private static final Set<SignatureAlgorithm> ISSUER_ALGORITHMS = Set.of(SignatureAlgorithm.RS256,
			SignatureAlgorithm.RS384, SignatureAlgorithm.RS512, SignatureAlgorithm.PS256, SignatureAlgorithm.PS384,
			SignatureAlgorithm.PS512, SignatureAlgorithm.ES256, SignatureAlgorithm.ES384, SignatureAlgorithm.ES512);

	/** Client addresses the bad-token throttle remembers at most. */
	static final long MAX_THROTTLED_ADDRESSES = 100_000;

	/**
	 * The manager of the verified-token cache, closed with the application context. Not a default candidate: it is
	 * injected by name only, and never stands in for the upstream read caches' manager.
	 */
	@Bean(destroyMethod = "close", defaultCandidate = false)
	CacheManager mobileTokenCacheManager() {
		return VerifiedTokenCache.cacheManager();
	}

	@Bean
	@Order(EdgeOrder.MOBILE_CHAIN)
	SecurityFilterChain mobileSecurity(HttpSecurity http, MobileProperties properties, Environment environment,
			ProblemResponseWriter writer, MeterRegistry meters, AttemptThrottles throttles,
			@Qualifier("mobileTokenCacheManager") CacheManager tokenCaches, IdentityProviderKeys keys,
			UpstreamCredentialModes modes) {
		JwtDecoder decoder = decoder(properties.jwt(), environment, Clock.systemUTC(), tokenCaches, keys,
				modes.callerTokenServices());
		if (decoder instanceof VerifiedTokenCache cache) {
			cache.monitor(meters);
		}
		ProblemAuthenticationEntryPoint problem = new ProblemAuthenticationEntryPoint(writer, null,
				"Send a valid app token: Authorization: Bearer <JWT>.");
		BearerTokenAuthenticationEntryPoint challenge = new BearerTokenAuthenticationEntryPoint();
		AttemptThrottle badTokens = throttles.create("mobile.bad-tokens", properties.badTokens().maxFailures(),
				properties.badTokens().window(), MAX_THROTTLED_ADDRESSES);
		StatelessApiSecurity.apply(http);
		return http.securityMatcher("/mobile/**")
			.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
			.oauth2ResourceServer(resourceServer -> resourceServer.jwt(jwt -> jwt.decoder(decoder))
				.authenticationEntryPoint((request, response, exception) -> {
					// Only a bad token counts against its address, and a blocked address is refused only its bad
					// tokens: a valid token never reaches this entry point (offices and carrier NAT share addresses).
					String address = request.getRemoteAddr();
					if (request.getHeader("Authorization") != null && badTokens.recordFailure(address)) {
						problem.commence(request, response, new AttemptsThrottledException("too-many-bad-tokens",
								"Too many requests with invalid tokens from this address. Try later.",
								badTokens.retryAfter(address)));
						return;
					}
					// RFC 6750 challenge (error="invalid_token" ...) plus a problem detail body.
					challenge.commence(request, response, exception);
					problem.commence(request, response, exception);
				})
				.accessDeniedHandler(new ProblemAccessDeniedHandler(writer)))
			.build();
	}

	/**
	 * The chain's token decoder: verification as configured, then the {@link VerifiedTokenCache} in front of it unless
	 * {@code prism.mobile.jwt.cache.max-size} is 0, its cache made in {@code caches}. {@code clock} is what token
	 * expiry is judged by. The JWK set comes from {@code keys} ({@code upstream}'s, fetched through its identity-provider
	 * client, cached, and fetched again for an unknown {@code kid} at most as often as its rate limit allows); when
	 * {@code relayingServices} is not empty those upstreams see the app's own token, so it must be one they can verify:
	 * an HS256 secret alone (Prism's own signing key) refuses to start.
	 */
	static JwtDecoder decoder(MobileProperties.Jwt jwt, Environment environment, Clock clock, CacheManager caches,
			IdentityProviderKeys keys, Set<String> relayingServices) {
		String jwkSetUri = environment.getProperty("spring.security.oauth2.resourceserver.jwt.jwk-set-uri");
		String issuer = environment.getProperty("spring.security.oauth2.resourceserver.jwt.issuer-uri");
		NimbusJwtDecoder decoder;
		if (jwkSetUri != null && !jwkSetUri.isBlank()) {
			// RS256 only, as Spring Security's withJwkSetUri(..) has it
			decoder = NimbusJwtDecoder.withJwkSource(keys.source(jwkSetUri)).build();
		}
		else if (issuer != null && !issuer.isBlank()) {
			// The RSA and EC families, as Spring Security's withIssuerLocation(..) derives them from such keys (a key's
			// own alg, when it has one, still has to match the token's)
			// The issuer's metadata is read when the first token is verified: a provider down while Prism starts keeps
			// no channel from starting
			decoder = NimbusJwtDecoder.withJwkSource(keys.sourceOfIssuer(issuer))
				.jwsAlgorithms(algorithms -> algorithms.addAll(ISSUER_ALGORITHMS))
				.build();
		}
		else {
			if (!relayingServices.isEmpty()) {
				throw new IllegalStateException("The upstreams " + relayingServices + " see the caller's own token "
						+ "(auth.mode user or token-exchange): mobile tokens must then come from an identity provider "
						+ "they can verify (spring.security.oauth2.resourceserver.jwt.issuer-uri or jwk-set-uri), "
						+ "not from Prism's own HS256 secret prism.mobile.jwt.secret");
			}
			if (jwt.secret() == null || jwt.secret().getBytes(StandardCharsets.UTF_8).length < MINIMUM_SECRET_BYTES) {
				throw new IllegalStateException("prism.mobile.jwt.secret must be at least " + MINIMUM_SECRET_BYTES
						+ " bytes (or configure spring.security.oauth2.resourceserver.jwt.issuer-uri or jwk-set-uri)");
			}
			decoder = NimbusJwtDecoder
				.withSecretKey(new SecretKeySpec(jwt.secret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"))
				.macAlgorithm(MacAlgorithm.HS256)
				.build();
		}
		List<OAuth2TokenValidator<Jwt>> validators = new java.util.ArrayList<>();
		JwtTimestampValidator timestamps = new JwtTimestampValidator(jwt.clockSkew());
		timestamps.setClock(clock);
		validators.add(timestamps);
		validators.add(new JwtClaimValidator<Object>(JwtClaimNames.EXP, exp -> exp != null));
		validators.add(new JwtClaimValidator<Object>(JwtClaimNames.SUB, sub -> sub instanceof String s && !s.isBlank()));
		validators.add(new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
				aud -> aud != null && aud.contains(jwt.audience())));
		if (issuer != null && !issuer.isBlank()) {
			validators.add(new JwtClaimValidator<Object>(JwtClaimNames.ISS, iss -> issuer.equals(String.valueOf(iss))));
		}
		OAuth2TokenValidator<Jwt> validator = new DelegatingOAuth2TokenValidator<>(validators);
		decoder.setJwtValidator(validator);
		if (jwt.cache().maxSize() == 0) {
			return decoder;
		}
		return new VerifiedTokenCache(decoder, validator, caches, jwt.cache().maxSize(), jwt.cache().ttl());
	}

}
