package dev.prism.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;

import tools.jackson.databind.json.JsonMapper;

import dev.prism.demo.identity.TestIdentityProvider;

import dev.prism.testing.ContractValidation;

/**
 * What an OpenID provider sends Prism's back-channel logout endpoint: logout tokens signed with the demo provider's
 * key (Spring Authorization Server sends none itself), each claim of Back-Channel Logout 1.0 section 2.4 set unless a
 * test changes it, and the form POST, server to server — no browser cookie.
 */
final class BackChannelLogouts {

	static final String EVENT = "http://schemas.openid.net/event/backchannel-logout";

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final HttpClient http = ContractValidation
		.validating(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build());

	private BackChannelLogouts() {
	}

	/** A valid logout token of {@code provider} for its client, as {@code claims} change it. */
	static String token(TestIdentityProvider provider, Consumer<JwtClaimsSet.Builder> claims) {
		return token(provider.signer(), provider, "logout+jwt", claims);
	}

	static String token(JwtEncoder signer, TestIdentityProvider provider, String type,
			Consumer<JwtClaimsSet.Builder> claims) {
		Instant now = provider.clock().instant();
		JwtClaimsSet.Builder builder = JwtClaimsSet.builder()
			.issuer(provider.issuer())
			.audience(List.of(provider.clientId()))
			.issuedAt(now)
			.expiresAt(now.plus(Duration.ofMinutes(2)))
			.id(UUID.randomUUID().toString())
			.claim("events", Map.of(EVENT, Map.of()));
		claims.accept(builder);
		return signer.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256).type(type).build(),
				builder.build())).getTokenValue();
	}

	/** A logout token naming this provider session. */
	static String forSid(TestIdentityProvider provider, String sid) {
		return token(provider, claims -> claims.claim("sid", sid));
	}

	/** A logout token naming only the user. */
	static String forSubject(TestIdentityProvider provider, String subject) {
		return token(provider, claims -> claims.subject(subject));
	}

	/** The provider session ({@code sid}) of the ID token the provider issued last. */
	static String lastSid(TestIdentityProvider provider) {
		String payload = provider.lastIdToken().split("\\.")[1];
		String sid = json.readTree(Base64.getUrlDecoder().decode(payload)).path("sid").asString();
		if (sid == null || sid.isEmpty()) {
			throw new AssertionError("The provider's ID token has no sid");
		}
		return sid;
	}

	/** The provider's POST of {@code logoutToken} (none when null) to {@code base}'s endpoint for {@code registrationId}. */
	static HttpResponse<String> post(String base, String registrationId, String logoutToken) {
		String form = logoutToken == null ? "" : "logout_token=" + URLEncoder.encode(logoutToken, StandardCharsets.UTF_8);
		return post(base, registrationId, form, "application/x-www-form-urlencoded");
	}

	/** A POST of {@code body} as {@code contentType} to {@code base}'s endpoint for {@code registrationId}. */
	static HttpResponse<String> post(String base, String registrationId, String body, String contentType) {
		String form = body;
		HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/logout/connect/back-channel/" + registrationId))
			.header("Content-Type", contentType)
			.timeout(Duration.ofSeconds(30))
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build();
		try {
			return http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
