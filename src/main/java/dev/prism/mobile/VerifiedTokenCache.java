package dev.prism.mobile;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;

import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * Remembers the app tokens that passed verification, so a token the app sends again is not parsed, its signature not
 * checked and its claims not converted again (as Envoy's JWT filter does with its token cache). Only a token that
 * {@code delegate} accepted is ever remembered, keyed by its exact text; every hit is validated again (expiry, audience,
 * subject), so a token that expires while remembered is refused like any other. An entry lives at most {@code ttl}
 * (the time a rotated-out JWK set key stays accepted anyway, Nimbus caching the JWK set for five minutes) and the
 * cache holds at most {@code maxSize} tokens, the least recently used going first.
 */
final class VerifiedTokenCache implements JwtDecoder {

	private final JwtDecoder delegate;

	private final OAuth2TokenValidator<Jwt> validator;

	private final Cache<String, Jwt> verified;

	VerifiedTokenCache(JwtDecoder delegate, OAuth2TokenValidator<Jwt> validator, int maxSize, Duration ttl) {
		this.delegate = delegate;
		this.validator = validator;
		this.verified = Caffeine.newBuilder().maximumSize(maxSize).expireAfterWrite(ttl).recordStats().build();
	}

	@Override
	public Jwt decode(String token) throws JwtException {
		Jwt remembered = this.verified.getIfPresent(token);
		if (remembered != null) {
			var result = this.validator.validate(remembered);
			if (!result.hasErrors()) {
				return remembered;
			}
			this.verified.invalidate(token);
			throw new JwtValidationException(result.getErrors().iterator().next().getDescription(),
					result.getErrors());
		}
		Jwt jwt = this.delegate.decode(token);
		this.verified.put(token, jwt);
		return jwt;
	}

	/** Publishes the cache's size, hits, misses and evictions as {@code cache.*} meters named {@code name}. */
	VerifiedTokenCache monitor(MeterRegistry meters, String name) {
		CaffeineCacheMetrics.monitor(meters, this.verified, name);
		return this;
	}

}
