package dev.prism.mobile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import javax.cache.CacheManager;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.web.client.RestTemplate;

import dev.prism.PrismApplication;
import dev.prism.testing.EndToEndTestSupport;
import dev.prism.testing.TestTokens;
import dev.prism.upstream.IdentityProviderKeys;

/**
 * The mobile channel refuses to start with an HS256 secret shorter than 32 bytes, its decoder remembers verified
 * tokens without ever accepting one it would refuse, and tokens naming unknown keys cannot make it hammer the
 * provider's JWK set.
 */
class MobileSecurityConfigurationTests {

	private static final String SECRET = EndToEndTestSupport.JWT_SECRET;

	private static final MobileProperties.TokenCache CACHE = new MobileProperties.TokenCache(100, Duration.ofMinutes(5));

	private final MovableClock clock = new MovableClock(Instant.now());

	private final List<CacheManager> cacheManagers = new ArrayList<>();

	@AfterEach
	void closeCacheManagers() {
		this.cacheManagers.forEach(CacheManager::close);
	}

	@Test
	void aShortSecretIsRefused() {
		assertThatThrownBy(() -> decoder(new MobileProperties.Jwt("too-short", "mobile", Duration.ofSeconds(30), CACHE)))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("at least 32 bytes");
		assertThat(decoder(jwt(CACHE))).isNotNull();
	}

	@Test
	void theApplicationDoesNotStartWithAShortSecret() {
		assertThatThrownBy(() -> new SpringApplicationBuilder(PrismApplication.class)
			.run("--server.port=0", "--prism.demo.identity-provider.enabled=false", "--prism.mobile.jwt.secret=short").close())
			.hasStackTraceContaining("prism.mobile.jwt.secret must be at least 32 bytes");
	}

	@Test
	void aVerifiedTokenIsRememberedUntilItExpires() {
		JwtDecoder decoder = decoder(jwt(CACHE));
		String token = TestTokens.mobile("c-1001", List.of("mobile"), this.clock.instant().plusSeconds(60), SECRET);

		Jwt first = decoder.decode(token);
		assertThat(first.getSubject()).isEqualTo("c-1001");
		// Nimbus builds a new Jwt on every verification: the same instance means it was not verified again.
		assertThat(decoder.decode(token)).isSameAs(first);

		this.clock.advance(Duration.ofSeconds(60 + 30 + 1)); // past exp plus the 30 s tolerated skew
		assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(JwtValidationException.class)
			.hasMessageContaining("expired");
		assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(JwtValidationException.class);
	}

	@Test
	void onlyTheExactTextOfAVerifiedTokenIsRemembered() {
		JwtDecoder decoder = decoder(jwt(CACHE));
		String token = TestTokens.mobile("c-1001");
		decoder.decode(token);

		// Someone else's claims under the remembered token's signature, and a token signed with another key.
		String otherClaims = TestTokens.mobile("c-2002");
		String forged = otherClaims.substring(0, otherClaims.lastIndexOf('.')) + token.substring(token.lastIndexOf('.'));
		assertThatThrownBy(() -> decoder.decode(forged)).isInstanceOf(BadJwtException.class);
		assertThatThrownBy(() -> decoder.decode(TestTokens.mobile("c-1001", List.of("mobile"),
				Instant.now().plusSeconds(600), "another-secret-another-secret-another-secret")))
			.isInstanceOf(BadJwtException.class);
		assertThatThrownBy(() -> decoder.decode(TestTokens.unsigned("c-1001"))).isInstanceOf(BadJwtException.class);
		String otherAudience = TestTokens.mobile("c-1001", List.of("web"), Instant.now().plusSeconds(600), SECRET);
		for (int attempt = 0; attempt < 2; attempt++) {
			assertThatThrownBy(() -> decoder.decode(otherAudience)).isInstanceOf(JwtValidationException.class);
		}
	}

	@Test
	void aCacheOfSizeZeroVerifiesEveryToken() {
		JwtDecoder decoder = decoder(jwt(new MobileProperties.TokenCache(0, Duration.ofMinutes(5))));
		assertThat(decoder).isInstanceOf(NimbusJwtDecoder.class);
		String token = TestTokens.mobile("c-1001");
		assertThat(decoder.decode(token)).isNotSameAs(decoder.decode(token));
		assertThat(decoder(jwt(CACHE))).isInstanceOf(VerifiedTokenCache.class);
	}

	@Test
	void upstreamsThatSeeTheAppsTokenRefuseTokensSignedWithPrismsOwnSecret() {
		CacheManager caches = VerifiedTokenCache.cacheManager();
		this.cacheManagers.add(caches);

		assertThatThrownBy(() -> MobileSecurityConfiguration.decoder(jwt(CACHE), new MockEnvironment(), this.clock,
				caches, keys(), java.util.Set.of("customers")))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("[customers]")
			.hasMessageContaining("spring.security.oauth2.resourceserver.jwt.issuer-uri");
		// With an identity provider's JWK set they can verify it themselves
		MockEnvironment withJwks = new MockEnvironment()
			.withProperty("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", "http://127.0.0.1:1/jwks");
		assertThat(MobileSecurityConfiguration.decoder(jwt(CACHE), withJwks, this.clock, caches,
				keys(), java.util.Set.of("customers"))).isNotNull();
	}

	@Test
	void tokensNamingUnknownKeysCannotMakeTheJwkSetBeFetchedMoreThanTwicePerWindowAndARotatedKeyIsFoundAfterIt()
			throws Exception {
		// Given the provider's JWK set at WireMock with one key, and the decoder as the mobile chain has it
		RSAKey current = new RSAKeyGenerator(2048).keyID("current").generate();
		RSAKey rotated = new RSAKeyGenerator(2048).keyID("rotated").generate();
		publish(current);
		MockEnvironment withJwks = new MockEnvironment().withProperty(
				"spring.security.oauth2.resourceserver.jwt.jwk-set-uri", jwks.baseUrl() + "/jwks");
		CacheManager caches = VerifiedTokenCache.cacheManager();
		this.cacheManagers.add(caches);
		JwtDecoder decoder = MobileSecurityConfiguration.decoder(
				jwt(new MobileProperties.TokenCache(0, Duration.ofMinutes(5))), withJwks, this.clock, caches, keys(),
				java.util.Set.of());
		assertThat(decoder.decode(signed(current, "c-1001")).getSubject()).isEqualTo("c-1001");
		assertThat(jwkSetRequests()).isEqualTo(1);

		// When anyone sends tokens naming keys the provider never published
		for (int i = 0; i < 20; i++) {
			RSAKey madeUp = new RSAKey.Builder(current).keyID("made-up-" + i).build();
			assertThatThrownBy(() -> decoder.decode(signed(madeUp, "c-1001"))).isInstanceOf(BadJwtException.class);
		}

		// Then the JWK set was fetched once more (the window's second fetch), not twenty times; known keys still verify
		assertThat(jwkSetRequests()).isEqualTo(2);
		assertThat(decoder.decode(signed(current, "c-1002")).getSubject()).isEqualTo("c-1002");

		// And when the provider rotates a key in, a token with it is refused only until the window is over
		publish(current, rotated);
		assertThatThrownBy(() -> decoder.decode(signed(rotated, "c-1003"))).isInstanceOf(BadJwtException.class);
		assertThat(jwkSetRequests()).isEqualTo(2);
		this.clock.advance(Duration.ofSeconds(31));
		assertThat(decoder.decode(signed(rotated, "c-1003")).getSubject()).isEqualTo("c-1003");
		assertThat(jwkSetRequests()).isEqualTo(3);
	}

	@Test
	void anIssuerDownWhilePrismStartsKeepsNothingFromStartingAndIsAskedAgainOnlyAfterTheWindow() throws Exception {
		// Given the provider does not answer its discovery document as Prism starts
		jwks.stubFor(WireMock.get(WireMock.urlPathMatching("/\\.well-known/.*")).willReturn(WireMock.serviceUnavailable()));
		MockEnvironment withIssuer = new MockEnvironment()
			.withProperty("spring.security.oauth2.resourceserver.jwt.issuer-uri", jwks.baseUrl());
		CacheManager caches = VerifiedTokenCache.cacheManager();
		this.cacheManagers.add(caches);

		// When the mobile chain's decoder is built, nothing is asked yet: start-up does not depend on the provider
		JwtDecoder decoder = MobileSecurityConfiguration.decoder(
				jwt(new MobileProperties.TokenCache(0, Duration.ofMinutes(5))), withIssuer, this.clock, caches, keys(),
				java.util.Set.of());
		assertThat(jwkSetRequests()).isZero();

		// Then a token is refused while it is down, and the next one within the window does not ask again
		RSAKey key = new RSAKeyGenerator(2048).keyID("current").generate();
		String token = signed(key, "c-1001", jwks.baseUrl());
		assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(JwtException.class);
		int asked = jwkSetRequests();
		assertThat(asked).isPositive();
		assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(JwtException.class);
		assertThat(jwkSetRequests()).isEqualTo(asked);

		// And once it is back and the window is over, its keys verify the token
		jwks.resetAll();
		jwks.stubFor(WireMock.get("/.well-known/openid-configuration").willReturn(WireMock.okJson(
				"{\"issuer\":\"" + jwks.baseUrl() + "\",\"jwks_uri\":\"" + jwks.baseUrl() + "/jwks\"}")));
		publish(key);
		this.clock.advance(Duration.ofSeconds(31));
		assertThat(decoder.decode(token).getSubject()).isEqualTo("c-1001");
	}

	@RegisterExtension
	static final WireMockExtension jwks = WireMockExtension.newInstance()
		.options(WireMockConfiguration.wireMockConfig().dynamicPort())
		.build();

	private static void publish(RSAKey... keys) {
		List<JWK> published = new ArrayList<>();
		for (RSAKey key : keys) {
			published.add(key.toPublicJWK());
		}
		jwks.stubFor(WireMock.get("/jwks").willReturn(WireMock.okJson(new JWKSet(published).toString())));
	}

	private static int jwkSetRequests() {
		return jwks.getAllServeEvents().size();
	}

	private String signed(RSAKey key, String subject) throws JOSEException {
		return signed(key, subject, null);
	}

	private String signed(RSAKey key, String subject, String issuer) throws JOSEException {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
				new JWTClaimsSet.Builder().subject(subject)
					.issuer(issuer)
					.audience("mobile")
					.expirationTime(java.util.Date.from(this.clock.instant().plusSeconds(600)))
					.build());
		jwt.sign(new RSASSASigner(key));
		return jwt.serialize();
	}

	/** JWK sets as the application has them, but fetched with a plain client and timed by the test's clock. */
	private IdentityProviderKeys keys() {
		return new IdentityProviderKeys(new RestTemplate(), this.clock);
	}

	/** A decoder as the mobile chain has it, with a token cache manager of its own. */
	private JwtDecoder decoder(MobileProperties.Jwt jwt) {
		CacheManager caches = VerifiedTokenCache.cacheManager();
		this.cacheManagers.add(caches);
		return MobileSecurityConfiguration.decoder(jwt, new MockEnvironment(), this.clock, caches,
				keys(), java.util.Set.of());
	}

	private static MobileProperties.Jwt jwt(MobileProperties.TokenCache cache) {
		return new MobileProperties.Jwt(SECRET, "mobile", Duration.ofSeconds(30), cache);
	}

	/** A clock the test moves forward. */
	private static final class MovableClock extends Clock {

		private volatile Instant now;

		MovableClock(Instant now) {
			this.now = now;
		}

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public Instant instant() {
			return this.now;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

	}

}
