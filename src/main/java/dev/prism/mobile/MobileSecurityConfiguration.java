package dev.prism.mobile;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;

import javax.crypto.spec.SecretKeySpec;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;

import dev.prism.platform.AttemptThrottle;
import dev.prism.platform.ProblemAccessDeniedHandler;
import dev.prism.platform.ProblemDetails;
import dev.prism.platform.ProblemAuthenticationEntryPoint;
import dev.prism.platform.ProblemResponseWriter;
import dev.prism.platform.StatelessApiSecurity;

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

	@Bean
	@Order(20)
	SecurityFilterChain mobileSecurity(HttpSecurity http, MobileProperties properties, Environment environment,
			ProblemResponseWriter writer, MeterRegistry meters) {
		JwtDecoder decoder = decoder(properties.jwt(), environment, Clock.systemUTC());
		if (decoder instanceof VerifiedTokenCache cache) {
			cache.monitor(meters, "prism.mobile.tokens");
		}
		ProblemAuthenticationEntryPoint problem = new ProblemAuthenticationEntryPoint(writer, null,
				"Send a valid app token: Authorization: Bearer <JWT>.");
		BearerTokenAuthenticationEntryPoint challenge = new BearerTokenAuthenticationEntryPoint();
		AttemptThrottle badTokens = new AttemptThrottle(properties.badTokens().maxFailures(),
				properties.badTokens().window());
		StatelessApiSecurity.apply(http);
		return http.securityMatcher("/mobile/**")
			.addFilterBefore((request, response, chain) -> {
				// An address that keeps presenting bad tokens is slowed down before any token is checked.
				String address = request.getRemoteAddr();
				if (((HttpServletRequest) request).getHeader("Authorization") != null && badTokens.isBlocked(address)) {
					HttpServletResponse http429 = (HttpServletResponse) response;
					http429.setHeader("Retry-After",
							Long.toString(Math.max(1, badTokens.retryAfter(address).toSeconds())));
					writer.write(http429, ProblemDetails.of(HttpStatus.TOO_MANY_REQUESTS, "too-many-bad-tokens",
							"Too many requests", "Too many requests with invalid tokens from this address. Try later."));
					return;
				}
				chain.doFilter(request, response);
			}, BearerTokenAuthenticationFilter.class)
			.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
			.oauth2ResourceServer(resourceServer -> resourceServer.jwt(jwt -> jwt.decoder(decoder))
				.authenticationEntryPoint((request, response, exception) -> {
					if (request.getHeader("Authorization") != null) {
						badTokens.recordFailure(request.getRemoteAddr());
					}
					// RFC 6750 challenge (error="invalid_token" ...) plus a problem detail body.
					challenge.commence(request, response, exception);
					String header = response.getHeader("WWW-Authenticate");
					response.reset();
					response.setHeader("WWW-Authenticate", header);
					problem.commence(request, response, exception);
				})
				.accessDeniedHandler(new ProblemAccessDeniedHandler(writer)))
			.build();
	}

	/**
	 * The chain's token decoder: verification as configured, then the {@link VerifiedTokenCache} in front of it unless
	 * {@code prism.mobile.jwt.cache.max-size} is 0. {@code clock} is what token expiry is judged by.
	 */
	static JwtDecoder decoder(MobileProperties.Jwt jwt, Environment environment, Clock clock) {
		String jwkSetUri = environment.getProperty("spring.security.oauth2.resourceserver.jwt.jwk-set-uri");
		String issuer = environment.getProperty("spring.security.oauth2.resourceserver.jwt.issuer-uri");
		NimbusJwtDecoder decoder;
		if (jwkSetUri != null && !jwkSetUri.isBlank()) {
			decoder = NimbusJwtDecoder.withJwkSetUri(jwkSetUri).build();
		}
		else if (issuer != null && !issuer.isBlank()) {
			decoder = (NimbusJwtDecoder) JwtDecoders.fromIssuerLocation(issuer);
		}
		else {
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
		return new VerifiedTokenCache(decoder, validator, jwt.cache().maxSize(), jwt.cache().ttl());
	}

}
