package dev.prism.demo.identity;

import static dev.prism.demo.identity.DemoBrowser.claims;
import static dev.prism.demo.identity.DemoBrowser.json;
import static dev.prism.demo.identity.DemoBrowser.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import tools.jackson.databind.JsonNode;

/**
 * The demo OpenID provider as Prism and a browser meet it, over real HTTP against a provider started with the demo
 * profile's settings: discovery and keys, alice's login through its login page, rotating refresh tokens, client
 * credentials, token exchange, RP-initiated logout, and access tokens that expire by the provider's clock.
 */
class DemoIdentityProviderTests {

	static final String REDIRECT_URI = "http://127.0.0.1:8080/web/api/oauth2/code/demo";

	static final MovableClock clock = new MovableClock();

	static DemoIdentityProviderProperties settings;

	static DemoIdentityProvider provider;

	static JsonNode discovery;

	@BeforeAll
	static void start() {
		settings = demoSettings();
		provider = DemoIdentityProvider.start(settings, clock);
		discovery = json(new DemoBrowser()
			.get(URI.create(provider.issuer() + "/.well-known/openid-configuration")));
	}

	@AfterAll
	static void stop() {
		provider.close();
	}

	@AfterEach
	void resetClock() {
		clock.reset();
	}

	/** {@code prism.demo.identity-provider.*} as profile demo configures it. */
	static DemoIdentityProviderProperties demoSettings() {
		StandardEnvironment environment = new StandardEnvironment();
		try {
			for (PropertySource<?> source : new YamlPropertySourceLoader().load("demo",
					new ClassPathResource("application-demo.yml"))) {
				environment.getPropertySources().addLast(source);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return DemoIdentityProviderProperties.bind(environment);
	}

	static String secret() {
		return settings.client().id() + ":" + settings.client().secret();
	}

	static URI endpoint(String name) {
		return URI.create(discovery.get(name).asString());
	}

	/** What alice's login left in her browser and what Prism got at the token endpoint. */
	record Login(DemoBrowser browser, DemoBrowser.Navigation navigation, String nonce, JsonNode tokens) {

		String accessToken() {
			return this.tokens.get("access_token").asString();
		}

		String refreshToken() {
			return this.tokens.get("refresh_token").asString();
		}

		String idToken() {
			return this.tokens.get("id_token").asString();
		}

	}

	/** The authorization-code flow with PKCE, as Prism runs it, for a user who types these credentials. */
	static Login logIn(DemoBrowser browser, String username, String password) {
		String verifier = random();
		String nonce = random();
		String state = random();
		Map<String, String> request = new LinkedHashMap<>();
		request.put("response_type", "code");
		request.put("client_id", settings.client().id());
		request.put("scope", "openid profile email");
		request.put("redirect_uri", REDIRECT_URI);
		request.put("state", state);
		request.put("nonce", nonce);
		request.put("code_challenge", s256(verifier));
		request.put("code_challenge_method", "S256");
		URI authorize = URI.create(endpoint("authorization_endpoint") + "?" + DemoBrowser.form(request));

		DemoBrowser.Navigation navigation = browser.navigate(authorize, username, password,
				uri -> uri.toString().startsWith(REDIRECT_URI));
		Map<String, String> callback = query(navigation.location());
		assertThat(callback).containsEntry("state", state).containsKey("code");

		HttpResponse<String> token = browser.postForm(endpoint("token_endpoint"), Map.of("grant_type",
				"authorization_code", "code", callback.get("code"), "redirect_uri", REDIRECT_URI, "code_verifier",
				verifier), secret());
		assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
		return new Login(browser, navigation, nonce, json(token));
	}

	@Test
	void theDiscoveryDocumentNamesTheIssuerAndEveryEndpointPrismUses() {
		assertThat(provider.issuer()).matches("http://127\\.0\\.0\\.1:\\d+");
		assertThat(discovery.get("issuer").asString()).isEqualTo(provider.issuer());
		for (String endpoint : List.of("authorization_endpoint", "token_endpoint", "jwks_uri", "userinfo_endpoint",
				"end_session_endpoint", "introspection_endpoint", "revocation_endpoint")) {
			assertThat(discovery.get(endpoint).asString()).as(endpoint).startsWith(provider.issuer() + "/");
		}
		assertThat(discovery.get("grant_types_supported").valueStream().map(JsonNode::asString)).contains(
				"authorization_code", "refresh_token", "client_credentials",
				"urn:ietf:params:oauth:grant-type:token-exchange");
		assertThat(discovery.get("code_challenge_methods_supported").valueStream().map(JsonNode::asString))
			.contains("S256");

		// And the keys are one RSA public key, generated at start
		JsonNode keys = json(new DemoBrowser().get(endpoint("jwks_uri"))).get("keys");
		assertThat(keys.size()).isEqualTo(1);
		assertThat(keys.get(0).get("kty").asString()).isEqualTo("RSA");
		assertThat(keys.get(0).has("d")).as("no private part").isFalse();
	}

	@Test
	void whateverElseALoggedInBrowserAsksForIsABare404() {
		DemoBrowser browser = new DemoBrowser();
		logIn(browser, "alice", "wonderland");
		HttpResponse<String> missing = browser.get(URI.create(provider.issuer() + "/nothing-here"));
		assertThat(missing.statusCode()).isEqualTo(404);
		assertThat(missing.body()).doesNotContain("Tomcat");
	}

	@Test
	void aliceLogsInOnTheLoginPageAndPrismGetsHerTokens() {
		DemoBrowser browser = new DemoBrowser();
		Login login = logIn(browser, "alice", "wonderland");

		// The browser went through the provider's login page, and holds only the provider's own session cookie
		assertThat(login.navigation().loginFormFilled()).isTrue();
		assertThat(login.navigation().visited()).extracting(URI::getPath).contains("/login");
		assertThat(browser.cookieNames()).containsExactly(DemoIdentityProviderConfiguration.SESSION_COOKIE);

		// The ID token names alice and her customer account, for Prism and this login
		JsonNode id = claims(login.idToken());
		assertThat(id.get("iss").asString()).isEqualTo(provider.issuer());
		assertThat(id.get("sub").asString()).isEqualTo("alice");
		assertThat(audience(id)).containsExactly("prism");
		assertThat(id.get("nonce").asString()).isEqualTo(login.nonce());
		assertThat(id.get("customer_id").asString()).isEqualTo("c-1001");
		assertThat(id.get("name").asString()).isEqualTo("Alice Example");
		assertThat(id.get("email").asString()).isEqualTo("alice@example.com");

		// A short access token (5 minutes) and a refresh token
		assertThat(login.tokens().get("expires_in").asInt()).isBetween(299, 300);
		JsonNode access = claims(login.accessToken());
		assertThat(access.get("exp").asLong() - access.get("iat").asLong()).isEqualTo(300);
		assertThat(access.get("sub").asString()).isEqualTo("alice");
		assertThat(access.get("customer_id").asString()).isEqualTo("c-1001");
		assertThat(login.refreshToken()).isNotBlank();

		// And the userinfo endpoint answers the access token
		HttpResponse<String> userinfo = browser.get(endpoint("userinfo_endpoint"), login.accessToken());
		assertThat(userinfo.statusCode()).isEqualTo(200);
		assertThat(json(userinfo).get("email").asString()).isEqualTo("alice@example.com");
	}

	@Test
	void aWrongPasswordStaysOnTheLoginPage() {
		DemoBrowser browser = new DemoBrowser();
		URI authorize = URI.create(endpoint("authorization_endpoint") + "?response_type=code&client_id=prism"
				+ "&scope=openid&state=s&redirect_uri=" + URLEncoder.encode(REDIRECT_URI, StandardCharsets.UTF_8));
		DemoBrowser.Navigation navigation = browser.navigate(authorize, "alice", "not-wonderland",
				uri -> uri.toString().startsWith(REDIRECT_URI));
		assertThat(navigation.loginFormFilled()).isTrue();
		assertThat(navigation.last().getPath()).isEqualTo("/login");
		assertThat(navigation.last().getQuery()).isEqualTo("error");
	}

	@Test
	void aRefreshRotatesTheRefreshTokenAndTheOldOneIsRefused() {
		Login login = logIn(new DemoBrowser(), "bob", "builder");
		DemoBrowser prism = new DemoBrowser();

		HttpResponse<String> refreshed = prism.postForm(endpoint("token_endpoint"),
				Map.of("grant_type", "refresh_token", "refresh_token", login.refreshToken()), secret());
		assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
		JsonNode tokens = json(refreshed);
		assertThat(tokens.get("refresh_token").asString()).isNotEqualTo(login.refreshToken());
		assertThat(tokens.get("access_token").asString()).isNotEqualTo(login.accessToken());
		assertThat(claims(tokens.get("id_token").asString()).get("sub").asString()).isEqualTo("bob");

		HttpResponse<String> replayed = prism.postForm(endpoint("token_endpoint"),
				Map.of("grant_type", "refresh_token", "refresh_token", login.refreshToken()), secret());
		assertThat(replayed.statusCode()).isEqualTo(400);
		assertThat(json(replayed).get("error").asString()).isEqualTo("invalid_grant");

		// The new one works, once
		HttpResponse<String> again = prism.postForm(endpoint("token_endpoint"),
				Map.of("grant_type", "refresh_token", "refresh_token", tokens.get("refresh_token").asString()),
				secret());
		assertThat(again.statusCode()).isEqualTo(200);
	}

	@Test
	void prismGetsATokenOfItsOwnWithClientCredentials() {
		HttpResponse<String> answer = new DemoBrowser().postForm(endpoint("token_endpoint"),
				Map.of("grant_type", "client_credentials", "scope", "orders customers"), secret());
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		JsonNode tokens = json(answer);
		assertThat(tokens.has("refresh_token")).isFalse();
		assertThat(tokens.has("id_token")).isFalse();
		JsonNode access = claims(tokens.get("access_token").asString());
		assertThat(access.get("sub").asString()).isEqualTo("prism");
		assertThat(access.has("customer_id")).isFalse();
		assertThat(access.get("scope").valueStream().map(JsonNode::asString)).containsExactlyInAnyOrder("orders",
				"customers");

		HttpResponse<String> wrongSecret = new DemoBrowser().postForm(endpoint("token_endpoint"),
				Map.of("grant_type", "client_credentials"), "prism:not-the-secret");
		assertThat(wrongSecret.statusCode()).isEqualTo(401);
	}

	@Test
	void alicesAccessTokenIsExchangedForOneForAnotherAudience() {
		Login login = logIn(new DemoBrowser(), "alice", "wonderland");
		DemoBrowser prism = new DemoBrowser();
		Map<String, String> exchange = new LinkedHashMap<>();
		exchange.put("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange");
		exchange.put("subject_token", login.accessToken());
		exchange.put("subject_token_type", "urn:ietf:params:oauth:token-type:access_token");
		exchange.put("audience", "orders");

		HttpResponse<String> answer = prism.postForm(endpoint("token_endpoint"), exchange, secret());
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		JsonNode tokens = json(answer);
		assertThat(tokens.get("issued_token_type").asString())
			.isEqualTo("urn:ietf:params:oauth:token-type:access_token");
		JsonNode exchanged = claims(tokens.get("access_token").asString());
		assertThat(audience(exchanged)).containsExactly("orders");
		assertThat(exchanged.get("sub").asString()).isEqualTo("alice");
		assertThat(exchanged.get("customer_id").asString()).isEqualTo("c-1001");
		assertThat(audience(claims(login.accessToken())))
			.containsExactly("prism");

		// An audience the provider does not know is refused
		exchange.put("audience", "payroll");
		HttpResponse<String> unknown = prism.postForm(endpoint("token_endpoint"), exchange, secret());
		assertThat(unknown.statusCode()).isEqualTo(400);
		assertThat(json(unknown).get("error").asString()).isEqualTo("invalid_target");
	}

	@Test
	void rpInitiatedLogoutEndsTheProviderSession() {
		DemoBrowser browser = new DemoBrowser();
		Login login = logIn(browser, "alice", "wonderland");
		URI authorizeAgain = URI.create(endpoint("authorization_endpoint") + "?response_type=code&client_id=prism"
				+ "&scope=openid&state=again&redirect_uri=" + URLEncoder.encode(REDIRECT_URI, StandardCharsets.UTF_8));
		// Given alice's provider session is alive: a second authorization needs no login
		DemoBrowser.Navigation silent = browser.navigate(authorizeAgain, "alice", "wonderland",
				uri -> uri.toString().startsWith(REDIRECT_URI));
		assertThat(silent.loginFormFilled()).isFalse();
		assertThat(query(silent.location())).containsKey("code");

		// When Prism sends her to the end_session_endpoint with her ID token
		URI logout = URI.create(endpoint("end_session_endpoint") + "?id_token_hint=" + login.idToken()
				+ "&post_logout_redirect_uri=" + URLEncoder.encode("http://localhost:8080/", StandardCharsets.UTF_8)
				+ "&state=bye");
		HttpResponse<String> loggedOut = browser.get(logout);

		// Then she is sent back to Prism, and the next authorization asks her to log in again
		assertThat(loggedOut.statusCode()).as(loggedOut.body()).isEqualTo(302);
		assertThat(loggedOut.headers().firstValue("Location")).hasValue("http://localhost:8080/?state=bye");
		DemoBrowser.Navigation afterwards = browser.navigate(authorizeAgain, "alice", "wonderland",
				uri -> uri.toString().startsWith(REDIRECT_URI));
		assertThat(afterwards.loginFormFilled()).isTrue();
	}

	@Test
	void movingTheClockPastFiveMinutesExpiresAnAccessToken() {
		Login login = logIn(new DemoBrowser(), "alice", "wonderland");
		DemoBrowser prism = new DemoBrowser();
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(endpoint("jwks_uri").toString()).build();
		JwtTimestampValidator timestamps = new JwtTimestampValidator(Duration.ZERO);
		timestamps.setClock(clock);
		decoder.setJwtValidator(timestamps);
		Jwt access = decoder.decode(login.accessToken());
		assertThat(access.getIssuedAt()).isCloseTo(clock.instant(), within(Duration.ofSeconds(10)));
		assertThat(introspect(prism, login.accessToken()).get("active").asBoolean()).isTrue();

		// When the provider's clock moves past the token's five minutes
		clock.advance(Duration.ofMinutes(5).plusSeconds(1));

		// Then its exp is in the past, and the provider itself calls it inactive
		assertThatThrownBy(() -> decoder.decode(login.accessToken())).isInstanceOf(JwtValidationException.class)
			.hasMessageContaining("expired");
		assertThat(introspect(prism, login.accessToken()).get("active").asBoolean()).isFalse();
		HttpResponse<String> exchange = prism.postForm(endpoint("token_endpoint"),
				Map.of("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange", "subject_token",
						login.accessToken(), "subject_token_type", "urn:ietf:params:oauth:token-type:access_token",
						"audience", "orders"),
				secret());
		assertThat(exchange.statusCode()).isEqualTo(400);
		assertThat(json(exchange).get("error").asString()).isEqualTo("invalid_grant");

		// And the refresh token still works: the new access token is issued at the provider's time
		HttpResponse<String> refreshed = prism.postForm(endpoint("token_endpoint"),
				Map.of("grant_type", "refresh_token", "refresh_token", login.refreshToken()), secret());
		assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
		Jwt renewed = decoder.decode(json(refreshed).get("access_token").asString());
		assertThat(renewed.getIssuedAt()).isAfter(Instant.now().plus(Duration.ofMinutes(4)));
	}

	@Test
	void theBrowserReturnsOnlyToPrismOnALoopbackAddress() {
		DemoBrowser browser = new DemoBrowser();
		logIn(browser, "alice", "wonderland");
		for (String allowed : List.of("http://localhost:43123/web/api/oauth2/code/demo",
				"http://127.0.0.1:51000/web/api/oauth2/code/demo")) {
			HttpResponse<String> answer = browser.get(authorize(allowed));
			assertThat(answer.statusCode()).as(allowed).isEqualTo(302);
			assertThat(answer.headers().firstValue("Location").orElseThrow()).startsWith(allowed + "?code=");
		}
		for (String refused : List.of("http://evil.example/web/api/oauth2/code/demo",
				"http://localhost.evil.example:8080/web/api/oauth2/code/demo",
				"http://127.0.0.1:8080/web/api/oauth2/code/other", "https://127.0.0.1:8080/web/api/oauth2/code/demo")) {
			HttpResponse<String> answer = browser.get(authorize(refused));
			assertThat(answer.statusCode()).as(refused).isEqualTo(400);
			assertThat(answer.headers().firstValue("Location")).as(refused).isEmpty();
		}
	}

	/** The {@code aud} claim: one string or an array of them (RFC 7519 section 4.1.3). */
	static List<String> audience(JsonNode claims) {
		JsonNode aud = claims.get("aud");
		return aud.isArray() ? aud.valueStream().map(JsonNode::asString).toList() : List.of(aud.asString());
	}

	private static URI authorize(String redirectUri) {
		return URI.create(endpoint("authorization_endpoint") + "?response_type=code&client_id=prism&scope=openid"
				+ "&state=s&redirect_uri=" + URLEncoder.encode(redirectUri, StandardCharsets.UTF_8));
	}

	private static JsonNode introspect(DemoBrowser prism, String token) {
		HttpResponse<String> answer = prism.postForm(endpoint("introspection_endpoint"), Map.of("token", token),
				secret());
		assertThat(answer.statusCode()).isEqualTo(200);
		return json(answer);
	}

	private static org.assertj.core.data.TemporalUnitOffset within(Duration duration) {
		return org.assertj.core.api.Assertions.within(duration.toSeconds(), java.time.temporal.ChronoUnit.SECONDS);
	}

	private static String random() {
		byte[] bytes = new byte[32];
		new SecureRandom().nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	private static String s256(String verifier) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
