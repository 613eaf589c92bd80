package dev.prism.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.oauth2.client.oidc.session.OidcSessionRegistry;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.prism.PrismApplication;
import dev.prism.demo.identity.TestIdentityProvider;

/**
 * OpenID Connect back-channel logout against the demo's real provider (Spring Authorization Server), whose key signs
 * the logout tokens the test sends as a provider would: each check of the token refused with a 400 problem carrying
 * {@code "error": "invalid_request"} and no session ended, a token sent again too; a token with {@code sid} ending that
 * provider session's web session only, one with only {@code sub} all of the user's; the endpoint exempt from CSRF, and
 * nothing else; tokens naming unknown keys never making Prism fetch the provider's JWK set more than twice a window.
 */
@SpringBootTest(classes = PrismApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "prism.demo.identity-provider.enabled=false",
				"spring.security.oauth2.client.registration.demo.authorization-grant-type=authorization_code",
				"spring.security.oauth2.client.registration.demo.scope=openid,profile,email",
				"spring.security.oauth2.client.registration.demo.redirect-uri={baseUrl}/web/api/oauth2/code/{registrationId}",
				// Prism's own identity at an upstream: no login, so no back-channel logout either
				"spring.security.oauth2.client.registration.catalog-service.provider=demo",
				"spring.security.oauth2.client.registration.catalog-service.authorization-grant-type=client_credentials",
				"spring.security.oauth2.client.registration.catalog-service.scope=orders" })
@Import(WebBackChannelLogoutTests.ProviderTime.class)
class WebBackChannelLogoutTests {

	static final TestIdentityProvider provider = TestIdentityProvider.start();

	static final JsonMapper json = JsonMapper.builder().build();

	@DynamicPropertySource
	static void demoProvider(DynamicPropertyRegistry registry) {
		provider.register(registry, "demo", "catalog-service");
	}

	/** Prism keeps the provider's time. */
	@TestConfiguration(proxyBeanMethods = false)
	static class ProviderTime {

		@Bean
		Clock prismClock() {
			return provider.clock();
		}

	}

	@AfterAll
	static void stopProvider() {
		provider.close();
	}

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry meters;

	@Autowired
	OidcSessionRegistry registry;

	@AfterEach
	void resetProvider() {
		provider.reset();
	}

	String prism() {
		return "http://localhost:" + this.port;
	}

	@Test
	void aLogoutTokenFailingAnyCheckIsRefusedWith400InvalidRequestAndEndsNoSession() throws JOSEException {
		// Given alice's session, with its provider session's sid
		OidcBrowser alice = OidcBrowser.loggedInAsAlice(prism());
		String sid = BackChannelLogouts.lastSid(provider);
		Instant now = provider.clock().instant();
		JwtEncoder otherKey = new NimbusJwtEncoder(new ImmutableJWKSet<>(
				new JWKSet(new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate())));
		String unsigned = new PlainJWT(new JWTClaimsSet.Builder().issuer(provider.issuer())
			.audience(provider.clientId())
			.issueTime(java.util.Date.from(now))
			.expirationTime(java.util.Date.from(now.plusSeconds(120)))
			.jwtID("j-1")
			.claim("events", Map.of(BackChannelLogouts.EVENT, Map.of()))
			.claim("sid", sid)
			.build()).serialize();
		Map<String, String[]> refused = new LinkedHashMap<>();
		refused.put("no logout_token", new String[] { "demo", null });
		refused.put("an unknown registration", new String[] { "nope", BackChannelLogouts.forSid(provider, sid) });
		refused.put("a registration that is no login",
				new String[] { "catalog-service", BackChannelLogouts.forSid(provider, sid) });
		refused.put("no JWT", new String[] { "demo", "not-a-jwt" });
		refused.put("unsigned", new String[] { "demo", unsigned });
		refused.put("signed with another key", new String[] { "demo",
				BackChannelLogouts.token(otherKey, provider, "logout+jwt", claims -> claims.claim("sid", sid)) });
		refused.put("another issuer", token(claims -> claims.claim("sid", sid).issuer("http://127.0.0.1:1")));
		refused.put("another audience", token(claims -> claims.claim("sid", sid).audience(List.of("someone-else"))));
		refused.put("no events", token(claims -> claims.claim("sid", sid).claims(all -> all.remove("events"))));
		refused.put("events without the logout event",
				token(claims -> claims.claim("sid", sid).claim("events", Map.of("urn:other", Map.of()))));
		refused.put("a logout event that is no object",
				token(claims -> claims.claim("sid", sid).claim("events", Map.of(BackChannelLogouts.EVENT, "yes"))));
		refused.put("a nonce", token(claims -> claims.claim("sid", sid).claim("nonce", "n-1")));
		refused.put("neither sid nor sub", token(claims -> {
		}));
		refused.put("expired", token(claims -> claims.claim("sid", sid)
			.issuedAt(now.minus(Duration.ofMinutes(10)))
			.expiresAt(now.minus(Duration.ofMinutes(5)))));
		refused.put("no exp", token(claims -> claims.claim("sid", sid).claims(all -> all.remove("exp"))));
		refused.put("no iat", token(claims -> claims.claim("sid", sid).claims(all -> all.remove("iat"))));
		refused.put("issued in the future", token(claims -> claims.claim("sid", sid)
			.issuedAt(now.plus(Duration.ofMinutes(10)))
			.expiresAt(now.plus(Duration.ofMinutes(12)))));
		refused.put("no jti", token(claims -> claims.claim("sid", sid).claims(all -> all.remove("jti"))));
		refused.put("an access token's typ", new String[] { "demo",
				BackChannelLogouts.token(provider.signer(), provider, "at+jwt", claims -> claims.claim("sid", sid)) });
		double invalid = count("invalid");

		// When the provider's endpoint gets each of them
		for (Map.Entry<String, String[]> entry : refused.entrySet()) {
			HttpResponse<String> answer = BackChannelLogouts.post(prism(), entry.getValue()[0], entry.getValue()[1]);

			// Then each is a 400 problem that also speaks OAuth: error invalid_request
			assertThat(answer.statusCode()).as(entry.getKey() + ": " + answer.body()).isEqualTo(400);
			assertThat(answer.headers().firstValue("Content-Type")).as(entry.getKey())
				.hasValue("application/problem+json");
			JsonNode problem = json.readTree(answer.body());
			assertThat(problem.path("type").asString()).isEqualTo("urn:prism:problem:invalid-logout-token");
			assertThat(problem.path("error").asString()).as(entry.getKey()).isEqualTo("invalid_request");
			assertThat(problem.path("requestId").asString())
				.isEqualTo(answer.headers().firstValue("X-Request-Id").orElseThrow());
			assertThat(answer.headers().allValues("Set-Cookie")).as(entry.getKey()).isEmpty();
		}
		assertThat(count("invalid")).isEqualTo(invalid + refused.size());

		// And alice is still logged in, and the same token, valid, would still find her session
		assertThat(alice.get("/web/api/session").statusCode()).isEqualTo(200);
		assertThat(BackChannelLogouts.post(prism(), "demo", BackChannelLogouts.forSid(provider, sid)).statusCode())
			.isEqualTo(200);
		assertThat(alice.get("/web/api/session").statusCode()).isEqualTo(401);
	}

	@Test
	void aLogoutTokenWithSidEndsThatProviderSessionsWebSessionOnly() {
		// Given alice logged in twice, in two browsers: two provider sessions
		OidcBrowser first = OidcBrowser.loggedInAsAlice(prism());
		String firstSid = BackChannelLogouts.lastSid(provider);
		OidcBrowser second = OidcBrowser.loggedInAsAlice(prism());
		assertThat(BackChannelLogouts.lastSid(provider)).isNotEqualTo(firstSid);
		double ended = count("ended");
		double unknown = count("unknown-session");

		// When the provider ends the first provider session
		HttpResponse<String> answer = BackChannelLogouts.post(prism(), "demo",
				BackChannelLogouts.forSid(provider, firstSid));

		// Then it is answered 200, no-store, and only the first browser's session is over
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		assertThat(answer.headers().firstValue("Cache-Control").orElseThrow()).contains("no-store");
		assertThat(answer.headers().firstValue("X-Request-Id")).isPresent();
		assertThat(answer.headers().allValues("Set-Cookie")).isEmpty();
		assertThat(first.get("/web/api/session").statusCode()).isEqualTo(401);
		assertThat(second.get("/web/api/session").statusCode()).isEqualTo(200);
		assertThat(count("ended")).isEqualTo(ended + 1);

		// And the same logout again finds no session left to end
		assertThat(BackChannelLogouts.post(prism(), "demo", BackChannelLogouts.forSid(provider, firstSid))
			.statusCode()).isEqualTo(200);
		assertThat(count("unknown-session")).isEqualTo(unknown + 1);
		assertThat(second.get("/web/api/session").statusCode()).isEqualTo(200);
	}

	@Test
	void aLogoutTokenIsAcceptedOnceAndSentAgainIsRefusedWith400InvalidRequest() {
		// Given alice's session, ended by the provider's logout token
		OidcBrowser alice = OidcBrowser.loggedInAsAlice(prism());
		String sid = BackChannelLogouts.lastSid(provider);
		String token = BackChannelLogouts.forSid(provider, sid);
		assertThat(BackChannelLogouts.post(prism(), "demo", token).statusCode()).isEqualTo(200);
		assertThat(alice.get("/web/api/session").statusCode()).isEqualTo(401);
		double invalid = count("invalid");

		// When the same token comes again a minute later, still within its two minutes
		provider.advance(Duration.ofMinutes(1));
		HttpResponse<String> replay = BackChannelLogouts.post(prism(), "demo", token);

		// Then it is refused as any bad logout token is
		assertThat(replay.statusCode()).as(replay.body()).isEqualTo(400);
		JsonNode problem = json.readTree(replay.body());
		assertThat(problem.path("type").asString()).isEqualTo("urn:prism:problem:invalid-logout-token");
		assertThat(problem.path("error").asString()).isEqualTo("invalid_request");
		assertThat(problem.path("error_description").asString()).contains("sent before");
		assertThat(count("invalid")).isEqualTo(invalid + 1);

		// And another token for the same provider session (another jti) is answered as before
		assertThat(BackChannelLogouts.post(prism(), "demo", BackChannelLogouts.forSid(provider, sid)).statusCode())
			.isEqualTo(200);
	}

	@Test
	void logoutTokensNamingUnknownKeysCannotMakePrismHammerTheProvidersJwkSet() throws JOSEException {
		// Given a new rate-limit window (Prism keeps the provider's time), and Prism holding the provider's keys
		provider.advance(Duration.ofSeconds(31));
		assertThat(BackChannelLogouts.post(prism(), "demo", BackChannelLogouts.forSubject(provider, "nobody"))
			.statusCode()).isEqualTo(200);
		int fetches = provider.jwkSetRequests();
		RSAKey attacker = new RSAKeyGenerator(2048).generate();

		// When someone posts twenty logout tokens, each naming a key the provider never published
		for (int i = 0; i < 20; i++) {
			JwtEncoder madeUp = new NimbusJwtEncoder(
					new ImmutableJWKSet<>(new JWKSet(new RSAKey.Builder(attacker).keyID("made-up-" + i).build())));
			HttpResponse<String> answer = BackChannelLogouts.post(prism(), "demo",
					BackChannelLogouts.token(madeUp, provider, "logout+jwt", claims -> claims.subject("alice")));

			// Then each is refused as any badly signed token is
			assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
			assertThat(json.readTree(answer.body()).path("error").asString()).isEqualTo("invalid_request");
		}

		// And the provider's JWK set was asked for twice at most in this window, not twenty times
		assertThat(provider.jwkSetRequests() - fetches).isLessThanOrEqualTo(2);
		assertThat(BackChannelLogouts.post(prism(), "demo", BackChannelLogouts.forSubject(provider, "nobody"))
			.statusCode()).isEqualTo(200);
	}

	@Test
	void aLogoutTokenWithOnlySubEndsAllOfThatUsersSessions() {
		// Given alice logged in twice, and bob once
		OidcBrowser first = OidcBrowser.loggedInAsAlice(prism());
		OidcBrowser second = OidcBrowser.loggedInAsAlice(prism());
		OidcBrowser bob = loggedIn("bob", "builder");

		// When the provider logs alice out everywhere
		HttpResponse<String> answer = BackChannelLogouts.post(prism(), "demo",
				BackChannelLogouts.forSubject(provider, "alice"));

		// Then both of her sessions are over, and bob's is not
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		assertThat(first.get("/web/api/session").statusCode()).isEqualTo(401);
		assertThat(second.get("/web/api/session").statusCode()).isEqualTo(401);
		assertThat(bob.get("/web/api/session").statusCode()).isEqualTo(200);
	}

	@Test
	void aSessionThatLogsOutLeavesTheRegistry() {
		// Given alice's session, logged out through Prism
		OidcBrowser alice = OidcBrowser.loggedInAsAlice(prism());
		String sessionId = alice.cookie("PRISM_SESSION");
		assertThat(alice.send("DELETE", "/web/api/session").statusCode()).isEqualTo(200);

		// Then the registry no longer links it to its provider session (spring-security#16629)
		assertThat(this.registry.removeSessionInformation(sessionId)).isNull();
	}

	@Test
	void theEndpointIsExemptFromCsrfAndNothingElseIs() {
		// Given alice's session
		OidcBrowser alice = OidcBrowser.loggedInAsAlice(prism());

		// Then her session's writes without the CSRF header are refused (her browser forgets the CSRF cookie first)
		forgetCsrfCookie(alice);
		assertThat(alice.send("DELETE", "/web/api/session").statusCode()).isEqualTo(403);
		forgetCsrfCookie(alice);
		assertThat(alice.send("POST", "/web/api/orders", "{\"lines\":[{\"sku\":\"SKU-1001\",\"quantity\":1}]}")
			.statusCode()).isEqualTo(403);
		assertThat(alice.get("/web/api/session").statusCode()).isEqualTo(200);

		// And a logout token comes as a form, nothing else
		HttpResponse<String> json = BackChannelLogouts.post(prism(), "demo",
				"{\"logout_token\":\"" + BackChannelLogouts.forSubject(provider, "alice") + "\"}", "application/json");
		assertThat(json.statusCode()).isEqualTo(415);
		assertThat(json.body()).contains("urn:prism:problem:unsupported-media-type");
		assertThat(alice.get("/web/api/session").statusCode()).isEqualTo(200);

		// And the back-channel chain opens only its POST
		HttpResponse<String> get = alice.get(URI.create(prism() + "/logout/connect/back-channel/demo"));
		assertThat(get.statusCode()).isIn(401, 403);
		HttpResponse<String> deeper = BackChannelLogouts.post(prism(), "demo/more", null);
		assertThat(deeper.statusCode()).isIn(401, 403);
	}

	OidcBrowser loggedIn(String username, String password) {
		OidcBrowser browser = new OidcBrowser(prism());
		OidcBrowser.Navigation login = browser.navigate(browser.uri("/web/api/oauth2/authorization/demo"), username,
				password, uri -> uri.toString().equals(prism() + "/"));
		assertThat(login.answer().statusCode()).as(() -> login.visited() + ": " + login.answer().body())
			.isEqualTo(302);
		assertThat(browser.get("/web/api/session").statusCode()).isEqualTo(200);
		return browser;
	}

	static void forgetCsrfCookie(OidcBrowser browser) {
		for (HttpCookie cookie : List.copyOf(browser.cookies.getCookieStore().getCookies())) {
			if (cookie.getName().equals("XSRF-TOKEN")) {
				browser.cookies.getCookieStore().remove(null, cookie);
			}
		}
		assertThat(browser.cookie("XSRF-TOKEN")).isNull();
	}

	static String[] token(Consumer<JwtClaimsSet.Builder> claims) {
		return new String[] { "demo", BackChannelLogouts.token(provider, claims) };
	}

	double count(String outcome) {
		Counter counter = this.meters.find("prism.web.backchannel.logouts").tag("outcome", outcome).counter();
		return counter == null ? 0 : counter.count();
	}

}
