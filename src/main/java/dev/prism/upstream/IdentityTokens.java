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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
import dev.prism.platform.request.Deadline;
import dev.prism.platform.request.RequestContext;

/**
 * Tokens Prism obtains from identity providers for upstream calls, through Spring Security's
 * {@link AuthorizedClientServiceOAuth2AuthorizedClientManager} over a bounded Ehcache store: Prism's own identity
 * (client credentials) cached until {@link #CLOCK_SKEW} before it expires, and the caller's token exchanged (RFC 8693,
 * subject token type {@code access_token}) cached under SHA-256(subject token), registration and audience until the
 * earlier of the two tokens' expiries, less the skew (half the token's lifetime when that is shorter; a lifetime of a
 * minute when the provider gave none). One token request is in flight per key; the others wait for it, each no longer than its
 * own request's deadline. Counted as {@code prism.identity.token.cache{result}}.
 */
final class IdentityTokens {

	static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

	/** How long a token the provider gave no lifetime is kept. */
	static final Duration UNKNOWN_LIFETIME = Duration.ofMinutes(1);

	/** The principal name of Prism's own identity in the store. */
	private static final String SERVICE_PRINCIPAL = "prism";

	private static final String SUBJECT = IdentityTokens.class.getName() + ".subject";

	private final ClientRegistrationRepository registrations;

	private final IdentityProviderHttp http;

	private final Store store;

	private final Clock clock;

	private final MeterRegistry meters;

	private final AuthorizedClientServiceOAuth2AuthorizedClientManager serviceTokens;

	/** One manager per registration and audience: the audience is a parameter of its token client. */
	private final Map<String, AuthorizedClientServiceOAuth2AuthorizedClientManager> exchanges = new ConcurrentHashMap<>();

	/** The token requests under way, by key: one per key at a time. */
	private final Map<String, CompletableFuture<String>> inFlight = new ConcurrentHashMap<>();

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
		CompletableFuture<String> mine = new CompletableFuture<>();
		CompletableFuture<String> running = this.inFlight.putIfAbsent(key, mine);
		if (running != null) {
			// One token request per key: the others wait for it, but never past their own request's deadline.
			count("hit");
			return await(running);
		}
		try {
			// Another request may have stored it between the first look and now.
			cached = this.store.valid(key);
			if (cached != null) {
				count("hit");
				mine.complete(cached.getAccessToken().getTokenValue());
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
			String token = client.getAccessToken().getTokenValue();
			mine.complete(token);
			return token;
		}
		catch (RuntimeException ex) {
			mine.completeExceptionally(ex);
			throw ex;
		}
		finally {
			this.inFlight.remove(key, mine);
		}
	}

	/** The token another request is obtaining, waiting at most until the current request's deadline. */
	private static String await(CompletableFuture<String> running) {
		Deadline deadline = RequestContext.current().deadline();
		try {
			return deadline.isNone() ? running.get() : running.get(deadline.remaining().toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException failure) {
				throw failure;
			}
			throw new IllegalStateException(ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("The token request under way did not finish within the deadline", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
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

		/** The subject token's expiry of an exchange under way, by key (set and read by the key's one request). */
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
			this.cache.put(key, new Stored(client, notAfter(client.getAccessToken(), this.subjectExpiries.remove(key))));
		}

		/**
		 * Until the token's expiry (or the subject token's, when earlier) less the skew, or less half the lifetime
		 * when that is shorter. Without {@code expires_in} Spring dates a token to expire a second after it was
		 * issued: such a token counts as living a minute, and is kept half of it.
		 */
		Instant notAfter(OAuth2AccessToken token, @Nullable Instant subjectExpiry) {
			Instant now = this.clock.instant();
			Instant issuedAt = token.getIssuedAt() != null ? token.getIssuedAt() : now;
			Instant expiresAt = token.getExpiresAt();
			if (expiresAt == null || !expiresAt.isAfter(issuedAt.plusSeconds(1))) {
				expiresAt = now.plus(UNKNOWN_LIFETIME);
			}
			if (subjectExpiry != null && subjectExpiry.isBefore(expiresAt)) {
				expiresAt = subjectExpiry;
			}
			Duration lifetime = Duration.between(issuedAt, expiresAt);
			Duration skew = lifetime.dividedBy(2).compareTo(CLOCK_SKEW) < 0 ? lifetime.dividedBy(2) : CLOCK_SKEW;
			return expiresAt.minus(skew);
		}

		@Override
		public void removeAuthorizedClient(String registrationId, String principalName) {
			this.cache.remove(key(registrationId, principalName));
		}

	}

}
