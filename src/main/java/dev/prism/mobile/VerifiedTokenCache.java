package dev.prism.mobile;

import java.net.URI;
import java.time.Duration;
import java.util.UUID;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.JCacheMetrics;

import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.ExpiryPolicyBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.ehcache.core.config.DefaultConfiguration;
import org.ehcache.jsr107.Eh107Configuration;
import org.ehcache.jsr107.EhcacheCachingProvider;
import org.ehcache.jsr107.config.ConfigurationElementState;
import org.ehcache.jsr107.config.Jsr107CacheConfiguration;

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
 * cache, an Ehcache heap cache (through JCache, by reference), holds at most {@code maxSize} tokens, the least recently
 * used going first.
 */
final class VerifiedTokenCache implements JwtDecoder {

	/** The cache's name, and the {@code cache} tag of its meters. */
	static final String NAME = "prism.mobile.tokens";

	private final JwtDecoder delegate;

	private final OAuth2TokenValidator<Jwt> validator;

	private final Cache<String, Jwt> verified;

	/** Remembers verified tokens in a new cache {@value #NAME} of {@code caches}. */
	VerifiedTokenCache(JwtDecoder delegate, OAuth2TokenValidator<Jwt> validator, CacheManager caches, int maxSize,
			Duration ttl) {
		this.delegate = delegate;
		this.validator = validator;
		this.verified = caches.createCache(NAME, Eh107Configuration.fromEhcacheCacheConfiguration(
				CacheConfigurationBuilder
					.newCacheConfigurationBuilder(String.class, Jwt.class, ResourcePoolsBuilder.heap(maxSize))
					.withExpiry(ExpiryPolicyBuilder.timeToLiveExpiration(ttl))
					// Statistics on (management off): what JCacheMetrics reads.
					.withService(new Jsr107CacheConfiguration(ConfigurationElementState.ENABLED,
							ConfigurationElementState.DISABLED))
					.build()));
	}

	/** A cache manager of its own for the token cache (one per application context; closing it is the caller's). */
	static CacheManager cacheManager() {
		EhcacheCachingProvider provider = (EhcacheCachingProvider) Caching
			.getCachingProvider(EhcacheCachingProvider.class.getName());
		return provider.getCacheManager(URI.create("urn:prism:mobile-tokens:" + UUID.randomUUID()),
				new DefaultConfiguration(VerifiedTokenCache.class.getClassLoader()));
	}

	@Override
	public Jwt decode(String token) throws JwtException {
		Jwt remembered = this.verified.get(token);
		if (remembered != null) {
			var result = this.validator.validate(remembered);
			if (!result.hasErrors()) {
				return remembered;
			}
			this.verified.remove(token);
			throw new JwtValidationException(result.getErrors().iterator().next().getDescription(),
					result.getErrors());
		}
		Jwt jwt = this.delegate.decode(token);
		this.verified.put(token, jwt);
		return jwt;
	}

	/**
	 * Publishes the cache's hits, misses, puts, evictions and removals as {@code cache.*} meters tagged
	 * {@code cache=}{@value #NAME} (Micrometer's JCache binder; JCache has no size to publish).
	 */
	VerifiedTokenCache monitor(MeterRegistry meters) {
		JCacheMetrics.monitor(meters, this.verified);
		return this;
	}

}
