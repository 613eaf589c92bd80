package dev.prism.upstream;

import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.RemoteKeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.CachingJWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.jwk.source.RateLimitedJWKSetSource;
import com.nimbusds.jose.proc.SecurityContext;

import org.jspecify.annotations.Nullable;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.RequestEntity;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestOperations;

/**
 * The identity providers' signing keys, one Nimbus {@link JWKSource} per JWK set URI, shared by everything that
 * verifies tokens against that URI (mobile bearer tokens, back-channel logout tokens). Why not Spring Security's own
 * {@code NimbusJwtDecoder.withJwkSetUri(..)}: it turns Nimbus's rate limit off, so every token naming an unknown
 * {@code kid} — which anyone can send — makes Prism fetch the JWK set again. Here a set is cached for five minutes,
 * and a URI is fetched at most twice per 30-second window, whatever asks for it (Nimbus's {@link RateLimitedJWKSetSource}, as {@code JWKSourceBuilder.rateLimited}
 * builds it): a fetch for an unknown key beyond that is skipped, and the token refused like any token with an unknown
 * key. So a key the provider really rotated in is found by the first token that names it once the window is over; a
 * provider that does not answer is not asked more often either. While the limit holds, an expired cache is answered
 * from the keys read last. The sets are fetched with {@code upstream}'s identity-provider client
 * ({@link IdentityProviderHttp#jwkSets()}), and time is {@code clock}'s.
 */
public final class IdentityProviderKeys {

	/** How long a JWK set is used before it is fetched again (Nimbus's default). */
	static final Duration TIME_TO_LIVE = Duration.ofMinutes(5);

	/** The rate limit's window: two fetches of a URI at most in each (Nimbus's default). */
	static final Duration MIN_INTERVAL = Duration.ofSeconds(30);

	/** How long a thread waits for another thread's fetch of the same set (Nimbus's default). */
	private static final Duration REFRESH_TIMEOUT = Duration.ofSeconds(15);

	private static final MediaType JWK_SET_JSON = new MediaType("application", "jwk-set+json");

	private static final ParameterizedTypeReference<Map<String, Object>> METADATA = new ParameterizedTypeReference<>() {
	};

	private final RestOperations http;

	private final Clock clock;

	private final Map<String, JWKSource<SecurityContext>> sources = new ConcurrentHashMap<>();

	/** Keys fetched with {@code http} (in Prism: {@link IdentityProviderHttp#jwkSets()}), timed by {@code clock}. */
	public IdentityProviderKeys(RestOperations http, Clock clock) {
		this.http = http;
		this.clock = clock;
	}

	/** The keys at {@code jwkSetUri}, the same source for every caller of this URI. */
	public JWKSource<SecurityContext> source(String jwkSetUri) {
		return this.sources.computeIfAbsent(jwkSetUri, uri -> new Bounded(new CachingJWKSetSource<>(
				new RateLimitedJWKSetSource<>(new Fetched(this.http, uri), MIN_INTERVAL.toMillis(), null),
				TIME_TO_LIVE.toMillis(), REFRESH_TIMEOUT.toMillis(), null), this.clock));
	}

	/**
	 * The keys of {@code issuer}, whose JWK set URI is discovered ({@link #jwkSetUriOf}) when a token is first
	 * verified, not when Prism starts: a provider that is down while Prism starts must not keep Prism (and its other
	 * channels) from starting, as Spring Security's own {@code withIssuerLocation(..)} is lazy for the same reason. A
	 * discovery that failed is tried again at most once per {@link #MIN_INTERVAL}; meanwhile tokens are refused without
	 * asking the provider.
	 */
	public JWKSource<SecurityContext> sourceOfIssuer(String issuer) {
		return new Discovered(issuer);
	}

	/**
	 * The JWK set URI an issuer publishes (OpenID Connect discovery, then RFC 8414 metadata, as Spring Security looks
	 * for it), its metadata's {@code issuer} required to be {@code issuer}.
	 */
	public String jwkSetUriOf(String issuer) {
		URI uri = URI.create(issuer);
		String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/$", "");
		String origin = uri.getScheme() + "://" + uri.getRawAuthority();
		for (String metadata : List.of(issuer.replaceAll("/$", "") + "/.well-known/openid-configuration",
				origin + "/.well-known/openid-configuration" + path,
				origin + "/.well-known/oauth-authorization-server" + path)) {
			Map<String, Object> configuration;
			try {
				configuration = this.http
					.exchange(RequestEntity.get(URI.create(metadata)).accept(MediaType.APPLICATION_JSON).build(),
							METADATA)
					.getBody();
			}
			catch (HttpClientErrorException ex) {
				continue;
			}
			if (configuration == null || configuration.get("jwks_uri") == null) {
				continue;
			}
			if (!issuer.equals(String.valueOf(configuration.get("issuer")))) {
				throw new IllegalStateException("The metadata of issuer " + issuer + " names another issuer: "
						+ configuration.get("issuer"));
			}
			return String.valueOf(configuration.get("jwks_uri"));
		}
		throw new IllegalStateException("Issuer " + issuer + " publishes no metadata with a jwks_uri");
	}

	/**
	 * Nimbus's {@code JWKSetBasedJWKSource} on {@code clock} (Nimbus's reads the system clock), which also treats the
	 * rate limit as "no such key for now" rather than a failure to read keys.
	 */
	private static final class Bounded implements JWKSource<SecurityContext> {

		private final JWKSetSource<SecurityContext> source;

		private final Clock clock;

		/** The keys read last, for when the cache has expired and the rate limit holds the next fetch back. */
		private volatile @Nullable JWKSet last;

		Bounded(JWKSetSource<SecurityContext> source, Clock clock) {
			this.source = source;
			this.clock = clock;
		}

		@Override
		public List<JWK> get(JWKSelector selector, @Nullable SecurityContext context) throws KeySourceException {
			long now = this.clock.millis();
			JWKSet keys;
			try {
				keys = this.source.getJWKSet(JWKSetCacheRefreshEvaluator.noRefresh(), now, context);
			}
			catch (RateLimitReachedException ex) {
				JWKSet last = this.last;
				if (last == null) {
					throw ex;
				}
				keys = last;
			}
			this.last = keys;
			List<JWK> selected = selector.select(keys);
			if (!selected.isEmpty()) {
				return selected;
			}
			// An unknown key: perhaps a rotated one, so the set is fetched again — unless it was twice in this window
			try {
				keys = this.source.getJWKSet(JWKSetCacheRefreshEvaluator.referenceComparison(keys), now, context);
			}
			catch (RateLimitReachedException ex) {
				return selected;
			}
			this.last = keys;
			return selector.select(keys);
		}

	}

	/** The keys of an issuer whose JWK set URI is discovered on first use ({@link #sourceOfIssuer}). */
	private final class Discovered implements JWKSource<SecurityContext> {

		private final String issuer;

		private volatile @Nullable JWKSource<SecurityContext> resolved;

		/** When discovery last failed, by {@code clock}, or {@code Long.MIN_VALUE}. */
		private volatile long failedAt = Long.MIN_VALUE;

		Discovered(String issuer) {
			this.issuer = issuer;
		}

		@Override
		public List<JWK> get(JWKSelector selector, @Nullable SecurityContext context) throws KeySourceException {
			JWKSource<SecurityContext> source = this.resolved;
			if (source == null) {
				source = discover();
			}
			return source.get(selector, context);
		}

		private synchronized JWKSource<SecurityContext> discover() throws KeySourceException {
			JWKSource<SecurityContext> source = this.resolved;
			if (source != null) {
				return source;
			}
			long now = IdentityProviderKeys.this.clock.millis();
			if (this.failedAt != Long.MIN_VALUE && now - this.failedAt < MIN_INTERVAL.toMillis()) {
				throw new RemoteKeySourceException("The metadata of issuer " + this.issuer
						+ " could not be read a moment ago; not asked again yet", null);
			}
			try {
				source = source(jwkSetUriOf(this.issuer));
			}
			catch (RuntimeException ex) {
				this.failedAt = now;
				throw new RemoteKeySourceException("The metadata of issuer " + this.issuer + " could not be read", ex);
			}
			this.resolved = source;
			return source;
		}

	}

	/** One GET of the set through Prism's client, as Spring Security's own source sends it. */
	private record Fetched(RestOperations http, String uri) implements JWKSetSource<SecurityContext> {

		@Override
		public JWKSet getJWKSet(JWKSetCacheRefreshEvaluator refreshEvaluator, long currentTime,
				@Nullable SecurityContext context) throws KeySourceException {
			String body;
			try {
				body = this.http.exchange(RequestEntity.method(HttpMethod.GET, URI.create(this.uri))
					.accept(MediaType.APPLICATION_JSON, JWK_SET_JSON)
					.build(), String.class).getBody();
			}
			catch (RestClientException ex) {
				throw new RemoteKeySourceException("The JWK set could not be read", ex);
			}
			try {
				return JWKSet.parse(body == null ? "" : body);
			}
			catch (ParseException ex) {
				throw new RemoteKeySourceException("The JWK set is malformed", ex);
			}
		}

		@Override
		public void close() {
		}

	}

}
