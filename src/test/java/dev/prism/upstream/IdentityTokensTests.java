package dev.prism.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import javax.cache.CacheManager;
import javax.cache.Caching;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.ehcache.core.config.DefaultConfiguration;
import org.ehcache.jsr107.EhcacheCachingProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.web.client.RestClient;

import dev.prism.demo.identity.TestIdentityProvider;
import dev.prism.platform.request.CallerToken;
import dev.prism.platform.request.Deadline;
import dev.prism.platform.request.RequestContext;

/**
 * Prism's own and exchanged tokens for upstream calls against a real provider (the demo's Spring Authorization
 * Server, five-minute access tokens, its clock moved by the test): one token request for many callers, a new one only
 * when the kept token is due, exchanges kept per subject token, and a call that cannot get its token never sent.
 */
class IdentityTokensTests {

	static final TestIdentityProvider provider = TestIdentityProvider.start();

	static final String EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";

	final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	CacheManager caches;

	IdentityProviderHttp http;

	IdentityTokens tokens;

	@BeforeEach
	void tokens() {
		this.caches = ((EhcacheCachingProvider) Caching.getCachingProvider(EhcacheCachingProvider.class.getName()))
			.getCacheManager(URI.create("urn:test:" + UUID.randomUUID()), new DefaultConfiguration(getClass().getClassLoader()));
		this.http = new IdentityProviderHttp(new IdentityHttpProperties(Duration.ofSeconds(1), Duration.ofSeconds(5), 8),
				RestClient.builder(), this.meters, "http.client.requests");
		this.tokens = new IdentityTokens(new InMemoryClientRegistrationRepository(registration("service",
				AuthorizationGrantType.CLIENT_CREDENTIALS), registration("exchange", AuthorizationGrantType.TOKEN_EXCHANGE)),
				this.http, this.caches, 100, this.meters, provider.clock());
	}

	@AfterEach
	void close() throws Exception {
		provider.resume();
		provider.reset();
		this.http.close();
		this.caches.close();
	}

	@AfterAll
	static void stopProvider() {
		provider.close();
	}

	@Test
	void prismsOwnTokenIsRequestedOnceForParallelCallersAndAgainOnlyWhenDue() {
		int before = provider.grants("client_credentials");
		List<CompletableFuture<String>> calls = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			calls.add(CompletableFuture.supplyAsync(() -> this.tokens.serviceToken("service")));
		}
		Set<String> issued = Set.copyOf(calls.stream().map(CompletableFuture::join).toList());

		assertThat(issued).hasSize(1);
		assertThat(provider.grants("client_credentials")).isEqualTo(before + 1);
		assertThat(this.meters.get("prism.identity.token.cache").tag("result", "hit").counter().count()).isEqualTo(7);

		// Five minutes to live, renewed once less than the 60 s skew is left
		provider.advance(Duration.ofMinutes(3));
		assertThat(this.tokens.serviceToken("service")).isIn(issued);
		provider.advance(Duration.ofSeconds(61));
		assertThat(this.tokens.serviceToken("service")).isNotIn(issued);
		assertThat(provider.grants("client_credentials")).isEqualTo(before + 2);
		assertThat(this.meters.get("prism.identity.token.requests")
			.tags("registration", "service", "grant", "client_credentials", "outcome", "success")
			.counter()
			.count()).isEqualTo(2);
	}

	@Test
	void anExchangedTokenIsKeptPerSubjectTokenAndNeverOutlivesIt() {
		String alice = provider.userAccessToken("alice", "wonderland");
		int before = provider.grants(EXCHANGE);
		CallerToken subject = new CallerToken(alice, provider.clock().instant().plus(Duration.ofMinutes(2)));

		String exchanged = this.tokens.exchangedToken("exchange", "orders", subject);
		assertThat(this.tokens.exchangedToken("exchange", "orders", subject)).isEqualTo(exchanged);
		assertThat(provider.grants(EXCHANGE)).isEqualTo(before + 1);
		assertThat(provider.exchanges().get(provider.exchanges().size() - 1))
			.containsEntry("subject_token_type", "urn:ietf:params:oauth:token-type:access_token")
			.containsEntry("audience", "orders");

		// Another audience is another token
		assertThat(this.tokens.exchangedToken("exchange", "customers", subject)).isNotEqualTo(exchanged);
		assertThat(provider.grants(EXCHANGE)).isEqualTo(before + 2);

		// The subject token expires in two minutes, the exchanged one in five: kept until the earlier, less the skew
		provider.advance(Duration.ofSeconds(61));
		assertThat(this.tokens.exchangedToken("exchange", "orders", subject)).isNotEqualTo(exchanged);
		assertThat(provider.grants(EXCHANGE)).isEqualTo(before + 3);
	}

	@Test
	void aCallWhoseTokenCannotBeHadFailsBeforeSending() {
		UpstreamCredential credential = UpstreamCredential.serviceIdentity("catalog", this.tokens, "service");
		provider.suspend();

		assertThatThrownBy(credential::bearer).isInstanceOf(UpstreamCredentialsUnavailableException.class)
			.hasMessageNotContaining(provider.issuer());
		assertThat(this.meters.get("prism.identity.token.requests").tag("outcome", "unavailable").counter().count())
			.isEqualTo(1);
	}

	@Test
	void aCallWhoseCircuitIsOpenFailsFastWithoutAskingTheProviderForItsToken() throws Exception {
		// Given the catalog service seeing Prism's own identity, and its circuit open (nothing listens at its URL)
		try (UpstreamTestKit kit = UpstreamTestKit.of("http://127.0.0.1:1", "catalog.auth.mode", "client-credentials",
				"catalog.auth.registration-id", "service", "catalog.cache.ttl", "0s")) {
			kit.connections.identityTokens(this.tokens);
			CatalogClient catalog = kit.catalog();
			kit.breakers.circuitBreaker("catalog").transitionToOpenState();
			int before = provider.grants("client_credentials");

			// When a call is made
			// Then it fails as an open circuit fails any call, and the provider was not asked for a token
			assertThatThrownBy(() -> catalog.product("SKU-1"))
				.isExactlyInstanceOf(UpstreamUnavailableException.class)
				.isInstanceOfSatisfying(UpstreamUnavailableException.class,
						ex -> assertThat(ex.retryAfter()).isPresent());
			assertThat(provider.grants("client_credentials")).isEqualTo(before);
			assertThat(kit.timerCount("prism.upstream.requests", "service", "catalog", "outcome", "circuit_open"))
				.isEqualTo(1);

			// And once the circuit lets calls through again, the call gets its token first, as ever
			kit.breakers.circuitBreaker("catalog").transitionToClosedState();
			assertThatThrownBy(() -> catalog.product("SKU-1")).isInstanceOf(UpstreamUnavailableException.class);
			assertThat(provider.grants("client_credentials")).isEqualTo(before + 1);
		}
	}

	@Test
	void withoutACallerAUserServiceFailsClosedOrCarriesPrismsIdentity() {
		UpstreamCredential closed = UpstreamCredential.caller("customers", null);
		UpstreamCredential fallback = UpstreamCredential.caller("customers",
				UpstreamCredential.serviceIdentity("customers", this.tokens, "service"));

		try (RequestContext.Scope scope = RequestContext.background().withChannel("partner", Deadline.none()).open()) {
			assertThatThrownBy(closed::bearer).isInstanceOf(UpstreamCredentialsUnavailableException.class);
			assertThat(fallback.bearer()).isEqualTo(this.tokens.serviceToken("service"));
		}
		CallerToken caller = new CallerToken("the-callers-token", Instant.now().plusSeconds(300));
		try (RequestContext.Scope scope = RequestContext.background().withCaller(caller).open()) {
			assertThat(closed.bearer()).isEqualTo("the-callers-token");
			assertThat(fallback.bearer()).isEqualTo("the-callers-token");
		}
	}

	@Test
	void aTokenWithoutALifetimeOrAShortOneIsStillKeptForAWhile() {
		java.time.Clock clock = java.time.Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), java.time.ZoneOffset.UTC);
		IdentityTokens.Store store = new IdentityTokens.Store(this.caches.createCache("notAfter",
				new javax.cache.configuration.MutableConfiguration<String, IdentityTokens.Stored>()), clock);
		Instant now = clock.instant();
		// No expires_in: Spring dates it to expire a second after it was issued
		assertThat(store.notAfter(token(now, now.plusSeconds(1)), null)).isEqualTo(now.plusSeconds(30));
		// Thirty seconds to live: half of it, not a skew longer than the lifetime
		assertThat(store.notAfter(token(now, now.plusSeconds(30)), null)).isEqualTo(now.plusSeconds(15));
		// Five minutes: less the 60 s skew; and never past its subject token's expiry, less the skew
		assertThat(store.notAfter(token(now, now.plusSeconds(300)), null)).isEqualTo(now.plusSeconds(240));
		assertThat(store.notAfter(token(now, now.plusSeconds(300)), now.plusSeconds(180))).isEqualTo(now.plusSeconds(120));
	}

	static org.springframework.security.oauth2.core.OAuth2AccessToken token(Instant issuedAt, Instant expiresAt) {
		return new org.springframework.security.oauth2.core.OAuth2AccessToken(
				org.springframework.security.oauth2.core.OAuth2AccessToken.TokenType.BEARER, "t", issuedAt, expiresAt);
	}

	static ClientRegistration registration(String id, AuthorizationGrantType grant) {
		return ClientRegistrations.fromIssuerLocation(provider.issuer())
			.registrationId(id)
			.clientId(provider.clientId())
			.clientSecret(provider.clientSecret())
			.authorizationGrantType(grant)
			.scope(List.of())
			.build();
	}

}
