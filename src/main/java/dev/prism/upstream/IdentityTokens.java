package dev.prism.upstream;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import javax.cache.Cache;
import javax.cache.CacheManager;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.ExpiryPolicyBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.ehcache.jsr107.Eh107Configuration;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ClientCredentialsOAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.TokenExchangeOAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2Token;

import dev.prism.platform.request.CallerToken;

/**
 * Tokens Prism obtains from identity providers for upstream calls, through Spring Security's
 * {@link AuthorizedClientServiceOAuth2AuthorizedClientManager} over a bounded Ehcache store: Prism's own identity
 * (client credentials) cached until {@link #CLOCK_SKEW} before it expires, and the caller's token exchanged (RFC 8693,
 * subject token type {@code access_token}) cached under SHA-256(subject token), registration and audience until the
 * earlier of the two tokens' expiries, less the skew. One token request is in flight per key; the others wait for
 * it. Counted as {@code prism.identity.token.cache{result}}.
 */
final class IdentityTokens {

	static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

	/** The principal name of Prism's own identity in the store. */
	private static final String SERVICE_PRINCIPAL = "prism";

	private static final String SUBJECT = IdentityTokens.class.getName() + ".subject";

	private static final int LOCK_STRIPES = 64;

	private final ClientRegistrationRepository registrations;

	private final IdentityProviderHttp http;

	private final Store store;

	private final Clock clock;

	private final MeterRegistry meters;

	private final AuthorizedClientServiceOAuth2AuthorizedClientManager serviceTokens;

	/** One manager per registration and audience: the audience is a parameter of its token client. */
	private final Map<String, AuthorizedClientServiceOAuth2AuthorizedClientManager> exchanges = new ConcurrentHashMap<>();

	private final ReentrantLock[] locks = new ReentrantLock[LOCK_STRIPES];

	IdentityTokens(ClientRegistrationRepository registrations, IdentityProviderHttp http, CacheManager caches,
			long maxEntries, MeterRegistry meters, Clock clock) {
		this.registrations = registrations;
		this.http = http;
		this.clock = clock;
		this.meters = meters;
		this.store = new Store(caches.createCache("prism.identity.tokens",
				Eh107Configuration.fromEhcacheCacheConfiguration(CacheConfigurationBuilder
					.newCacheConfigurationBuilder(String.class, Stored.class, ResourcePoolsBuilder.heap(maxEntries))
					// Entries are judged by their own expiry on every read; this only bounds how long one is kept.
					.withExpiry(ExpiryPolicyBuilder.timeToLiveExpiration(Duration.ofHours(12)))
					.build())),
				clock);
		ClientCredentialsOAuth2AuthorizedClientProvider clientCredentials = new ClientCredentialsOAuth2AuthorizedClientProvider();
		clientCredentials.setAccessTokenResponseClient(http.clientCredentialsTokens());
		clientCredentials.setClock(clock);
		clientCredentials.setClockSkew(CLOCK_SKEW);
		this.serviceTokens = manager(clientCredentials);
		for (int i = 0; i < LOCK_STRIPES; i++) {
			this.locks[i] = new ReentrantLock();
		}
	}

	/** Prism's own access token at {@code registrationId} (a {@code client_credentials} registration). */
	String serviceToken(String registrationId) {
		return token(registrationId, SERVICE_PRINCIPAL, null, this.serviceTokens);
	}

	/** {@code subject} exchanged at {@code registrationId} for a token with {@code audience}. */
	String exchangedToken(String registrationId, @Nullable String audience, CallerToken subject) {
		String principal = "exchange:" + sha256(subject.value()) + ":" + (audience != null ? audience : "");
		AuthorizedClientServiceOAuth2AuthorizedClientManager manager = this.exchanges
			.computeIfAbsent(registrationId + " " + audience, key -> {
				TokenExchangeOAuth2AuthorizedClientProvider exchange = new TokenExchangeOAuth2AuthorizedClientProvider();
				exchange.setAccessTokenResponseClient(this.http.exchangedTokens(audience));
				exchange.setSubjectTokenResolver(context -> (OAuth2Token) context.getAttribute(SUBJECT));
				exchange.setClock(this.clock);
				exchange.setClockSkew(CLOCK_SKEW);
				return manager(exchange);
			});
		// Always an access token (never a JWT type), whatever its form: so Spring asks for subject_token_type access_token.
		OAuth2AccessToken subjectToken = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, subject.value(),
				null, subject.expiresAt());
		return token(registrationId, principal, subjectToken, manager);
	}

	private String token(String registrationId, String principal, @Nullable OAuth2AccessToken subject,
			AuthorizedClientServiceOAuth2AuthorizedClientManager manager) {
		String key = Store.key(registrationId, principal);
		OAuth2AuthorizedClient cached = this.store.valid(key);
		if (cached != null) {
			count("hit");
			return cached.getAccessToken().getTokenValue();
		}
		ReentrantLock lock = this.locks[Math.floorMod(key.hashCode(), LOCK_STRIPES)];
		lock.lock();
		try {
			// Another request may have obtained it while this one waited.
			cached = this.store.valid(key);
			if (cached != null) {
				count("hit");
				return cached.getAccessToken().getTokenValue();
			}
			count("miss");
			OAuth2AuthorizeRequest.Builder request = OAuth2AuthorizeRequest.withClientRegistrationId(registrationId)
				.principal(principal);
			if (subject != null) {
				request.attribute(SUBJECT, subject);
				this.store.notAfterSubject(key, subject.getExpiresAt());
			}
			OAuth2AuthorizedClient client;
			try {
				client = manager.authorize(request.build());
			}
			finally {
				this.store.forgetSubject(key);
			}
			if (client == null) {
				throw new IllegalStateException("Registration " + registrationId + " cannot obtain a token by its grant");
			}
			return client.getAccessToken().getTokenValue();
		}
		finally {
			lock.unlock();
		}
	}

	private AuthorizedClientServiceOAuth2AuthorizedClientManager manager(
			org.springframework.security.oauth2.client.OAuth2AuthorizedClientProvider provider) {
		AuthorizedClientServiceOAuth2AuthorizedClientManager manager = new AuthorizedClientServiceOAuth2AuthorizedClientManager(
				this.registrations, this.store);
		manager.setAuthorizedClientProvider(provider);
		// The request's attributes (the subject token) reach the provider's context.
		manager.setContextAttributesMapper(request -> Map.copyOf(request.getAttributes()));
		return manager;
	}

	private void count(String result) {
		Counter.builder("prism.identity.token.cache")
			.description("Upstream tokens Prism found in its store (hit) or had to request (miss)")
			.tag("result", result)
			.register(this.meters)
			.increment();
	}

	static String sha256(String value) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A stored token, with the instant after which it is not used. */
	record Stored(OAuth2AuthorizedClient client, Instant notAfter) {
	}

	/**
	 * The bounded store behind Spring's manager: an entry is valid until its access token's expiry — or its subject
	 * token's, when earlier — less the skew.
	 */
	static final class Store implements OAuth2AuthorizedClientService {

		private final Cache<String, Stored> cache;

		private final Clock clock;

		/** The subject token's expiry of an exchange under way, by key (set and read under the key's lock). */
		private final Map<String, Instant> subjectExpiries = new ConcurrentHashMap<>();

		Store(Cache<String, Stored> cache, Clock clock) {
			this.cache = cache;
			this.clock = clock;
		}

		static String key(String registrationId, String principal) {
			return registrationId + "\n" + principal;
		}

		@Nullable OAuth2AuthorizedClient valid(String key) {
			Stored stored = this.cache.get(key);
			if (stored == null) {
				return null;
			}
			if (!this.clock.instant().isBefore(stored.notAfter())) {
				this.cache.remove(key, stored);
				return null;
			}
			return stored.client();
		}

		void notAfterSubject(String key, @Nullable Instant expiresAt) {
			if (expiresAt != null) {
				this.subjectExpiries.put(key, expiresAt);
			}
		}

		void forgetSubject(String key) {
			this.subjectExpiries.remove(key);
		}

		@Override
		@SuppressWarnings("unchecked")
		public <T extends OAuth2AuthorizedClient> @Nullable T loadAuthorizedClient(String registrationId,
				String principalName) {
			return (T) valid(key(registrationId, principalName));
		}

		@Override
		public void saveAuthorizedClient(OAuth2AuthorizedClient client, Authentication principal) {
			String key = key(client.getClientRegistration().getRegistrationId(), principal.getName());
			Instant expiresAt = client.getAccessToken().getExpiresAt();
			Instant notAfter = expiresAt != null ? expiresAt : this.clock.instant().plus(Duration.ofMinutes(5));
			Instant subjectExpiry = this.subjectExpiries.remove(key);
			if (subjectExpiry != null && subjectExpiry.isBefore(notAfter)) {
				notAfter = subjectExpiry;
			}
			this.cache.put(key, new Stored(client, notAfter.minus(CLOCK_SKEW)));
		}

		@Override
		public void removeAuthorizedClient(String registrationId, String principalName) {
			this.cache.remove(key(registrationId, principalName));
		}

	}

}
