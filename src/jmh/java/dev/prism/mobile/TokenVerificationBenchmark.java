package dev.prism.mobile;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import javax.cache.CacheManager;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import org.springframework.mock.env.MockEnvironment;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.web.client.RestTemplate;

import dev.prism.upstream.IdentityProviderKeys;

/**
 * An app token as the mobile chain's decoder checks it on every request: {@code verify} parses it, checks its HS256
 * signature, converts its claims and validates them (Spring Security's {@code NimbusJwtDecoder} as
 * {@link MobileSecurityConfiguration} configures it); {@code remembered} is the same token met again in the
 * {@link VerifiedTokenCache}, validated again but not verified. {@code verifyRs256} is what verifying costs when an
 * identity provider signs with RS256 (2048-bit key, handed to the decoder directly as a JWK set would hand it).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TokenVerificationBenchmark {

	private static final String SECRET = "a-benchmark-secret-of-at-least-32-bytes";

	private final CacheManager caches = VerifiedTokenCache.cacheManager();

	private JwtDecoder verifying;

	private JwtDecoder remembering;

	private String token;

	private JwtDecoder verifyingRs256;

	private String rs256Token;

	@Setup
	public void setUp() throws JOSEException, NoSuchAlgorithmException {
		this.verifying = decoder(new MobileProperties.TokenCache(0, Duration.ofMinutes(5)));
		this.remembering = decoder(new MobileProperties.TokenCache(10_000, Duration.ofMinutes(5)));
		JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("c-1001")
			.audience(List.of("mobile"))
			.issueTime(new Date())
			.expirationTime(Date.from(Instant.now().plus(Duration.ofHours(1))))
			.jwtID("4f1c2d9e-5b7a-4e0f-9a61-2c3d4e5f6a7b")
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
		jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
		this.token = jwt.serialize();
		this.remembering.decode(this.token);

		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		KeyPair keys = generator.generateKeyPair();
		SignedJWT rs256 = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
		rs256.sign(new RSASSASigner(keys.getPrivate()));
		this.rs256Token = rs256.serialize();
		this.verifyingRs256 = NimbusJwtDecoder.withPublicKey((RSAPublicKey) keys.getPublic()).build();
		this.verifyingRs256.decode(this.rs256Token);
	}

	@TearDown
	public void tearDown() {
		this.caches.close();
	}

	/** Every request's work without the cache. */
	@Benchmark
	public Jwt verify() {
		return this.verifying.decode(this.token);
	}

	/** A token the cache has seen. */
	@Benchmark
	public Jwt remembered() {
		return this.remembering.decode(this.token);
	}

	/** Every request's work without the cache, for an RS256 token. */
	@Benchmark
	public Jwt verifyRs256() {
		return this.verifyingRs256.decode(this.rs256Token);
	}

	private JwtDecoder decoder(MobileProperties.TokenCache cache) {
		return MobileSecurityConfiguration.decoder(new MobileProperties.Jwt(SECRET, "mobile", Duration.ofSeconds(30), cache),
				new MockEnvironment(), Clock.systemUTC(), this.caches,
				// HS256: no key set is ever fetched
				new IdentityProviderKeys(new RestTemplate(), Clock.systemUTC()), Set.of());
	}

}
