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

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import dev.prism.PrismApplication;
import dev.prism.testing.EndToEndTestSupport;
import dev.prism.testing.TestTokens;

/**
 * The mobile channel refuses to start with an HS256 secret shorter than 32 bytes, and its decoder remembers verified
 * tokens without ever accepting one it would refuse.
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
				caches, new org.springframework.web.client.RestTemplate(), java.util.Set.of("customers")))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("[customers]")
			.hasMessageContaining("spring.security.oauth2.resourceserver.jwt.issuer-uri");
		// With an identity provider's JWK set they can verify it themselves
		MockEnvironment withJwks = new MockEnvironment()
			.withProperty("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", "http://127.0.0.1:1/jwks");
		assertThat(MobileSecurityConfiguration.decoder(jwt(CACHE), withJwks, this.clock, caches,
				new org.springframework.web.client.RestTemplate(), java.util.Set.of("customers"))).isNotNull();
	}

	/** A decoder as the mobile chain has it, with a token cache manager of its own. */
	private JwtDecoder decoder(MobileProperties.Jwt jwt) {
		CacheManager caches = VerifiedTokenCache.cacheManager();
		this.cacheManagers.add(caches);
		return MobileSecurityConfiguration.decoder(jwt, new MockEnvironment(), this.clock, caches,
				new org.springframework.web.client.RestTemplate(), java.util.Set.of());
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
