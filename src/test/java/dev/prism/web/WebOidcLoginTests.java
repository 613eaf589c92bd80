package dev.prism.web;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.json.JsonMapper;

import dev.prism.testing.ContractValidation;

/**
 * OpenID Connect login (authorization-code flow) against a WireMock identity provider — discovery, authorize
 * redirect, token and JWKS: the browser ends up with nothing but the session cookie, and the session knows the
 * customer named by the ID token.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "prism.demo.upstreams.enabled=false", "prism.demo.identity-provider.enabled=false",
				"spring.security.oauth2.client.registration.idp.client-id=prism-web",
				"spring.security.oauth2.client.registration.idp.client-secret=prism-web-secret",
				"spring.security.oauth2.client.registration.idp.scope=openid",
				"spring.security.oauth2.client.registration.idp.client-name=Example ID",
				"spring.security.oauth2.client.registration.idp.redirect-uri={baseUrl}/web/api/oauth2/code/{registrationId}" })
class WebOidcLoginTests {

	static final WireMockServer idp = new WireMockServer(options().dynamicPort());

	static final RSAKey key;

	static {
		idp.start();
		try {
			key = new RSAKeyGenerator(2048).keyID("test-key").generate();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		Map<String, Object> discovery = new HashMap<>();
		discovery.put("issuer", idp.baseUrl());
		discovery.put("authorization_endpoint", idp.baseUrl() + "/authorize");
		discovery.put("token_endpoint", idp.baseUrl() + "/token");
		discovery.put("jwks_uri", idp.baseUrl() + "/jwks");
		discovery.put("response_types_supported", List.of("code"));
		discovery.put("subject_types_supported", List.of("public"));
		discovery.put("id_token_signing_alg_values_supported", List.of("RS256"));
		idp.stubFor(get(urlPathEqualTo("/.well-known/openid-configuration"))
			.willReturn(okJson(JsonMapper.builder().build().writeValueAsString(discovery))));
		idp.stubFor(get(urlPathEqualTo("/jwks")).willReturn(okJson(new JWKSet(key.toPublicJWK()).toString())));
	}

	@DynamicPropertySource
	static void provider(DynamicPropertyRegistry registry) {
		registry.add("spring.security.oauth2.client.provider.idp.issuer-uri", idp::baseUrl);
		for (String service : List.of("catalog", "pricing", "inventory", "reviews", "recommendations", "customers",
				"orders")) {
			registry.add("prism.upstreams." + service + ".base-url", () -> "http://127.0.0.1:9/" + service);
		}
	}

	@AfterAll
	static void stop() {
		idp.stop();
	}

	@LocalServerPort
	int port;

	@Test
	void aUserLogsInThroughTheProviderAndTheBrowserHoldsOnlyTheSessionCookie() throws Exception {
		CookieManager cookies = new CookieManager();
		HttpClient browser = ContractValidation.validating(
				HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build());
		String base = "http://127.0.0.1:" + this.port;

		// Given the browser starts the login, it is redirected to the provider's authorize endpoint
		HttpResponse<String> start = browser.send(
				HttpRequest.newBuilder(URI.create(base + "/web/api/oauth2/authorization/idp")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(start.statusCode()).isEqualTo(302);
		URI authorize = URI.create(start.headers().firstValue("Location").orElseThrow());
		assertThat(authorize.toString()).startsWith(idp.baseUrl() + "/authorize");
		Map<String, String> query = query(authorize);
		assertThat(query).containsEntry("response_type", "code").containsEntry("client_id", "prism-web")
			.containsEntry("response_mode", "query");
		// And the authorization request is in a sealed cookie of its own, not in a session: there is none yet
		assertThat(start.headers().allValues("Set-Cookie")).noneMatch(cookie -> cookie.startsWith("PRISM_SESSION="))
			.anySatisfy(cookie -> assertThat(cookie).startsWith("PRISM_OIDC_LOGIN=v1.")
				.contains("Path=/web/api/oauth2/")
				.contains("Max-Age=300")
				.contains("HttpOnly")
				.contains("SameSite=Lax"));

		// When the provider sends it back with a code, and answers Prism's token request with a signed ID token
		SignedJWT idToken = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("test-key").build(),
				new JWTClaimsSet.Builder().issuer(idp.baseUrl())
					.subject("user-42")
					.audience("prism-web")
					.issueTime(new Date())
					.expirationTime(Date.from(Instant.now().plusSeconds(300)))
					.claim("nonce", query.get("nonce"))
					.claim("customer_id", "c-1002")
					.build());
		idToken.sign(new RSASSASigner(key));
		idp.stubFor(post(urlPathEqualTo("/token")).willReturn(okJson("{\"access_token\":\"at-secret-123\","
				+ "\"token_type\":\"Bearer\",\"expires_in\":300,\"id_token\":\"" + idToken.serialize() + "\"}")));
		HttpResponse<String> callback = browser.send(HttpRequest
			.newBuilder(URI.create(query.get("redirect_uri") + "?code=the-code&state="
					+ java.net.URLEncoder.encode(query.get("state"), StandardCharsets.UTF_8)))
			.build(), HttpResponse.BodyHandlers.ofString());

		// Then Prism exchanged the code server-side and the browser is logged in, back on the storefront
		assertThat(callback.statusCode()).as(callback.body()).isEqualTo(302);
		assertThat(callback.headers().firstValue("Location")).hasValueSatisfying(
				location -> assertThat(location).endsWith("/"));
		idp.verify(1, postRequestedFor(urlPathEqualTo("/token")));
		HttpResponse<String> me = browser.send(HttpRequest.newBuilder(URI.create(base + "/web/api/session")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(me.statusCode()).isEqualTo(200);
		assertThat(me.body()).contains("\"customerId\":\"c-1002\"");

		// And no token ever reached the browser: its cookies are the session and the CSRF token only
		assertThat(cookies.getCookieStore().getCookies()).extracting(java.net.HttpCookie::getName)
			.containsOnly("PRISM_SESSION", "XSRF-TOKEN");
		for (HttpResponse<String> answer : List.of(start, callback, me)) {
			assertThat(answer.body()).doesNotContain("at-secret-123").doesNotContain(idToken.serialize());
			assertThat(answer.headers().map().toString()).doesNotContain("at-secret-123");
		}
	}

	@Test
	void aCallbackWithAnAlteredAuthorizationRequestCookieFailsAsAProblem() throws Exception {
		CookieManager cookies = new CookieManager();
		HttpClient browser = ContractValidation.validating(
				HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build());
		String base = "http://127.0.0.1:" + this.port;
		HttpResponse<String> start = browser.send(
				HttpRequest.newBuilder(URI.create(base + "/web/api/oauth2/authorization/idp")).build(),
				HttpResponse.BodyHandlers.ofString());
		Map<String, String> query = query(URI.create(start.headers().firstValue("Location").orElseThrow()));
		// Given the login's start and its sealed cookie
		java.net.HttpCookie sealed = cookies.getCookieStore()
			.getCookies()
			.stream()
			.filter(cookie -> cookie.getName().equals("PRISM_OIDC_LOGIN"))
			.findFirst()
			.orElseThrow();
		String value = sealed.getValue();
		int at = value.length() - 10;

		int tokenRequests = idp.findAll(postRequestedFor(urlPathEqualTo("/token"))).size();

		// When the browser comes back with the cookie altered
		HttpClient cookieless = ContractValidation
			.validating(HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build());
		HttpResponse<String> callback = cookieless.send(HttpRequest
			.newBuilder(URI.create(query.get("redirect_uri") + "?code=the-code&state="
					+ java.net.URLEncoder.encode(query.get("state"), StandardCharsets.UTF_8)))
			.header("Cookie", "PRISM_OIDC_LOGIN=" + value.substring(0, at) + (value.charAt(at) == 'x' ? 'y' : 'x')
					+ value.substring(at + 1))
			.build(), HttpResponse.BodyHandlers.ofString());

		// Then the login fails as a problem, without a 500 and without redeeming the code
		assertThat(callback.statusCode()).isEqualTo(401);
		assertThat(callback.body()).contains("urn:prism:problem:oidc-login-failed");
		assertThat(idp.findAll(postRequestedFor(urlPathEqualTo("/token")))).hasSize(tokenRequests);
	}

	/** The answer is held to the committed contract like every other. */
	@Test
	void theStorefrontLearnsWhichProvidersItMayLogInWith() throws Exception {
		HttpResponse<String> logins = ContractValidation.validating(HttpClient.newHttpClient()).send(HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/web/api/session/logins"))
			.header("Accept", "application/json")
			.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(logins.statusCode()).isEqualTo(200);
		assertThat(JsonMapper.builder().build().readTree(logins.body()).toString()).isEqualTo(
				"{\"items\":[{\"id\":\"idp\",\"name\":\"Example ID\",\"url\":\"/web/api/oauth2/authorization/idp\"}]}");
		assertThat(logins.headers().firstValue("Cache-Control")).hasValueSatisfying(
				value -> assertThat(value).contains("no-store"));
	}

	@Test
	void aForgedCallbackIsRefused() throws Exception {
		HttpClient browser = ContractValidation
			.validating(HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build());
		HttpResponse<String> forged = browser.send(HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/web/api/oauth2/code/idp?code=x&state=forged"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(forged.statusCode()).isEqualTo(401);
		assertThat(forged.body()).contains("urn:prism:problem:oidc-login-failed");
	}

	private static Map<String, String> query(URI uri) {
		Map<String, String> query = new HashMap<>();
		for (String pair : uri.getRawQuery().split("&")) {
			String[] parts = pair.split("=", 2);
			query.put(parts[0], URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
		}
		return query;
	}

}
