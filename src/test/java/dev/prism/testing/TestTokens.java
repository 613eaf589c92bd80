package dev.prism.testing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/** Mints mobile JWTs in tests, good and bad. */
public final class TestTokens {

	private TestTokens() {
	}

	/** A valid token for {@code customerId}: HS256, audience mobile, expiring in 10 minutes. */
	public static String mobile(String customerId) {
		return mobile(customerId, List.of("mobile"), Instant.now().plusSeconds(600), EndToEndTestSupport.JWT_SECRET);
	}

	public static String mobile(String subject, List<String> audience, Instant expiresAt, String secret) {
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject(subject)
			.audience(audience)
			.issueTime(new Date())
			.jwtID(java.util.UUID.randomUUID().toString());
		if (expiresAt != null) {
			claims.expirationTime(Date.from(expiresAt));
		}
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
		try {
			jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		return jwt.serialize();
	}

	/** An unsigned token ({@code alg: none}) that claims to be {@code customerId}. */
	public static String unsigned(String customerId) {
		Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
		String header = encoder.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
		String payload = encoder.encodeToString(("{\"sub\":\"" + customerId + "\",\"aud\":[\"mobile\"],\"exp\":"
				+ (Instant.now().getEpochSecond() + 600) + "}").getBytes(StandardCharsets.UTF_8));
		return header + "." + payload + ".";
	}

	public static String bearer(String token) {
		return "Bearer " + token;
	}

}
