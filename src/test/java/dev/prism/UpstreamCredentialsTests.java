package dev.prism;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import dev.prism.demo.identity.TestIdentityProvider;
import dev.prism.testing.EndToEndTestSupport;
import dev.prism.web.OidcBrowser;

/**
 * Which identity each domain service sees, per {@code prism.upstreams.<name>.auth.mode}, against a real OpenID
 * provider (the demo's Spring Authorization Server) and WireMock upstreams that record every bearer token: catalog
 * sees Prism's own identity (client credentials), pricing a static token, inventory the user or else Prism's identity,
 * reviews the user or nothing (fail closed), customers the user's own token, orders the user's token exchanged for
 * audience {@code orders}, recommendations none. The walls: each token reaches only its service, and none reaches a
 * client or a log line.
 */
@TestPropertySource(properties = { "prism.web.deadline=5s", "prism.mobile.deadline=5s",
		"spring.security.oauth2.client.registration.demo.client-name=Northpeak ID",
		"spring.security.oauth2.client.registration.demo.authorization-grant-type=authorization_code",
		"spring.security.oauth2.client.registration.demo.scope=openid,profile,email",
		"spring.security.oauth2.client.registration.demo.redirect-uri={baseUrl}/web/api/oauth2/code/{registrationId}",
		"spring.security.oauth2.client.registration.prism-service.provider=demo",
		"spring.security.oauth2.client.registration.prism-service.authorization-grant-type=client_credentials",
		"spring.security.oauth2.client.registration.prism-exchange.provider=demo",
		"spring.security.oauth2.client.registration.prism-exchange.authorization-grant-type=urn:ietf:params:oauth:grant-type:token-exchange",
		"prism.upstreams.catalog.auth.mode=client-credentials",
		"prism.upstreams.catalog.auth.registration-id=prism-service",
		"prism.upstreams.pricing.token=pricing-static-token",
		"prism.upstreams.inventory.auth.mode=user",
		"prism.upstreams.inventory.auth.service-registration-id=prism-service",
		// Cached for minutes, but per caller: not shared, so every call reaches the service
		"prism.upstreams.inventory.cache.ttl=10m",
		"prism.upstreams.reviews.auth.mode=user",
		"prism.upstreams.customers.auth.mode=user",
		"prism.upstreams.orders.auth.mode=token-exchange",
		"prism.upstreams.orders.auth.registration-id=prism-exchange",
		"prism.upstreams.orders.auth.audience=orders",
		// The app's tokens come from the provider too, for Prism's client
		"prism.mobile.jwt.audience=prism" })
@ExtendWith(OutputCaptureExtension.class)
@Import(UpstreamCredentialsTests.ProviderTime.class)
class UpstreamCredentialsTests extends EndToEndTestSupport {

	static final TestIdentityProvider provider = TestIdentityProvider.start();

	static final String EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";

	@DynamicPropertySource
	static void demoProvider(DynamicPropertyRegistry registry) {
		provider.register(registry, "demo", "prism-service", "prism-exchange");
		registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", provider::issuer);
	}

	/** Prism keeps the provider's time, so tokens come due when a test moves it, never because the machine is slow. */
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

	@AfterEach
	void resetProvider() {
		provider.reset();
	}

	@Autowired
	MeterRegistry meters;

	String prism() {
		return "http://localhost:" + this.port;
	}

	@Test
	void aWebUsersOwnTokenReachesCustomersAndItsExchangeReachesOrders() {
		stubAccount();
		OidcBrowser alice = OidcBrowser.loggedInAsAlice(prism());
		String aliceToken = provider.lastAccessToken();
		int exchanges = provider.grants(EXCHANGE);

		HttpResponse<String> account = alice.get("/web/api/account");
		assertThat(account.statusCode()).as(account::body).isEqualTo(200);

		// customers got alice's own access token, unchanged
		assertThat(bearers("customers")).containsOnly(aliceToken);
		Map<String, Object> relayed = claims(aliceToken);
		assertThat(relayed).containsEntry("sub", "alice").containsEntry("iss", provider.issuer());
		// orders got it exchanged (RFC 8693, subject token type access_token) for one with audience orders
		assertThat(provider.grants(EXCHANGE)).isEqualTo(exchanges + 1);
		Map<String, String> exchange = provider.exchanges().get(provider.exchanges().size() - 1);
		assertThat(exchange).containsEntry("audience", "orders")
			.containsEntry("subject_token_type", "urn:ietf:params:oauth:token-type:access_token")
			.containsEntry("subject_token", aliceToken);
		List<String> toOrders = bearers("orders");
		assertThat(toOrders).hasSize(1).doesNotContain(aliceToken);
		Map<String, Object> exchanged = claims(toOrders.get(0));
		assertThat(exchanged).containsEntry("sub", "alice").containsEntry("iss", provider.issuer());
		assertThat(audiences(exchanged)).containsExactly("orders");

		// The exchanged token is kept for alice's token: a second page exchanges nothing
		upstreams.resetRequests();
		assertThat(alice.get("/web/api/account").statusCode()).isEqualTo(200);
		assertThat(provider.grants(EXCHANGE)).isEqualTo(exchanges + 1);
		assertThat(bearers("orders")).containsExactlyElementsOf(toOrders);

		// bob's token is exchanged for his own: nothing of alice's reaches orders on his behalf
		OidcBrowser bob = OidcBrowser.loggedInAs(prism(), "bob", "builder");
		String bobToken = provider.lastAccessToken();
		upstreams.resetRequests();
		assertThat(bob.get("/web/api/account").statusCode()).isEqualTo(200);
		assertThat(provider.grants(EXCHANGE)).isEqualTo(exchanges + 2);
		assertThat(bearers("customers")).containsOnly(bobToken);
		assertThat(claims(bearers("orders").get(0))).containsEntry("sub", "bob");
		assertNoTokenLeft(alice.answers);
		assertNoTokenLeft(bob.answers);
	}

	@Test
	void afterARefreshTheServicesGetTheNewTokenAndItsExchange() {
		stubAccount();
		OidcBrowser alice = OidcBrowser.loggedInAsAlice(prism());
		String first = provider.lastAccessToken();
		assertThat(alice.get("/web/api/account").statusCode()).isEqualTo(200);
		assertThat(bearers("customers")).containsOnly(first);
		int refreshes = provider.refreshGrants();

		// Five minutes to live, refreshed 60 s + 60 s ahead: due after four minutes
		provider.advance(Duration.ofMinutes(4));
		upstreams.resetRequests();
		HttpResponse<String> account = alice.get("/web/api/account");

		assertThat(account.statusCode()).as(account::body).isEqualTo(200);
		assertThat(provider.refreshGrants()).isEqualTo(refreshes + 1);
		// customers got the token of that refresh: one the provider issued after the first, alice's, for Prism
		List<String> toCustomers = bearers("customers");
		assertThat(toCustomers).hasSize(1);
		String refreshed = toCustomers.get(0);
		assertThat(refreshed).isNotEqualTo(first);
		assertThat(provider.issuedTokens()).contains(refreshed);
		assertThat(claims(refreshed)).containsEntry("sub", "alice");
		assertThat(audiences(claims(refreshed))).containsExactly(provider.clientId());
		Map<String, String> exchange = provider.exchanges().get(provider.exchanges().size() - 1);
		assertThat(exchange).containsEntry("subject_token", refreshed);
		assertThat(claims(bearers("orders").get(0))).containsEntry("sub", "alice");
		assertNoTokenLeft(alice.answers);
	}

	@Test
	void theCatalogSeesPrismsOwnIdentityFetchedOnceForParallelCalls() {
		stubProductPage("SKU-1001");
		// (every test starts with empty upstream caches, Prism's kept tokens included)
		int grants = provider.grants("client_credentials");
		double requested = tokenRequests();
		List<CompletableFuture<HttpResponse<String>>> pages = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			pages.add(CompletableFuture.supplyAsync(() -> get("/web/api/products/SKU-1001")));
		}
		pages.forEach(page -> assertThat(page.join().statusCode()).isEqualTo(200));

		List<String> toCatalog = bearers("catalog");
		assertThat(toCatalog).hasSizeGreaterThanOrEqualTo(8);
		assertThat(toCatalog).containsOnly(toCatalog.get(0));
		Map<String, Object> claims = claims(toCatalog.get(0));
		assertThat(claims).containsEntry("sub", provider.clientId()).containsEntry("iss", provider.issuer());
		// One token request for all of them, catalog and inventory alike
		assertThat(provider.grants("client_credentials")).isEqualTo(grants + 1);
		assertThat(tokenRequests()).isEqualTo(requested + 1);
		assertThat(this.meters.get("prism.identity.token.cache").tag("result", "hit").counter().count())
			.isGreaterThanOrEqualTo(7);
		assertThat(bearers("pricing")).containsOnly("pricing-static-token");
		assertThat(upstreams.findAll(getRequestedFor(urlPathMatching("/recommendations.*"))))
			.allSatisfy(request -> assertThat(request.containsHeader("Authorization")).isFalse());
	}

	@Test
	void anAnonymousPageFailsClosedForAServiceThatOnlySeesUsers() {
		stubProductPage("SKU-1002");

		HttpResponse<String> page = get("/web/api/products/SKU-1002");

		assertThat(page.statusCode()).as(page::body).isEqualTo(200);
		// reviews sees users only: without one it is not called, and the section is missing
		assertThat(body(page).get("degraded").toString()).contains("reviews");
		assertThat(upstreams.findAll(getRequestedFor(urlPathMatching("/reviews/.*")))).isEmpty();
		// inventory sees the user, else Prism's own identity
		assertThat(claims(bearers("inventory").get(0))).containsEntry("sub", provider.clientId());
	}

	@Test
	void aPasswordSessionIsNoUserAndARequiredServiceFailsBeforeSending() {
		stubAccount();
		OidcBrowser browser = new OidcBrowser(prism());
		browser.get("/web/api/session");
		HttpResponse<String> login = browser.send("POST", "/web/api/session",
				"{\"username\":\"alice\",\"password\":\"wonderland\"}");
		assertThat(login.statusCode()).as(login::body).isEqualTo(200);

		HttpResponse<String> account = browser.get("/web/api/account");

		// customers sees users only, and a password session has no token: 503, and nothing was sent
		assertThat(account.statusCode()).as(account::body).isEqualTo(503);
		assertThat(body(account).get("type").asString()).isEqualTo("urn:prism:problem:upstream-credentials-unavailable");
		assertThat(body(account).get("requestId").asString()).isEqualTo(account.headers().firstValue("X-Request-Id").orElseThrow());
		assertThat(upstreams.findAll(anyRequestedFor(urlPathMatching("/customers/.*")))).isEmpty();
	}

	@Test
	void aPartnerCallCarriesPrismsOwnIdentityAndIsNotCachedAcrossCallers() {
		upstreams.stubFor(getPath("inventory", "/availability")
			.willReturn(okJson(toJson(Map.of("items", List.of(stock("SKU-1001", "IN_STOCK", 3)))))));

		for (int i = 0; i < 2; i++) {
			HttpResponse<String> answer = get("/partner/api/v1/availability?skus=SKU-1001", "X-Api-Key",
					"tiny-test-key");
			assertThat(answer.statusCode()).as(answer::body).isEqualTo(200);
		}

		// No user: Prism's own identity; and inventory sees callers, so its 10-minute cache is not shared by them
		List<String> toInventory = bearers("inventory");
		assertThat(toInventory).hasSize(2);
		assertThat(claims(toInventory.get(0))).containsEntry("sub", provider.clientId())
			.containsEntry("iss", provider.issuer());
	}

	@Test
	void aMobileAppsTokenFromTheProviderIsRelayed() {
		upstreams.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathMatching("/customers/customers/.*"))
			.willReturn(okJson(toJson(Map.of("id", "c-1001", "name", "Alice Example", "email", "alice@example.com",
					"tier", "GOLD")))));
		upstreams.stubFor(com.github.tomakehurst.wiremock.client.WireMock
			.get(urlPathMatching("/orders/customers/.*/orders"))
			.willReturn(okJson(toJson(Map.of("items", List.of())))));
		OidcBrowser.loggedInAsAlice(prism());
		String appToken = provider.lastAccessToken();

		HttpResponse<String> me = get("/mobile/api/me", "Authorization", "Bearer " + appToken);

		assertThat(me.statusCode()).as(me::body).isEqualTo(200);
		assertThat(bearers("customers")).containsOnly(appToken);
		assertThat(claims(bearers("orders").get(0))).containsEntry("sub", "alice");
		assertThat(me.body()).doesNotContain(appToken);
	}

	@Test
	void noIssuedTokenShowsInALogLine(CapturedOutput output) {
		stubAccount();
		OidcBrowser alice = OidcBrowser.loggedInAsAlice(prism());
		assertThat(alice.get("/web/api/account").statusCode()).isEqualTo(200);
		for (String token : provider.issuedTokens()) {
			assertThat(output.getAll()).doesNotContain(token);
		}
		for (LoggedRequest request : upstreams.findAll(anyRequestedFor(anyUrl()))) {
			String authorization = request.getHeader("Authorization");
			if (authorization != null) {
				assertThat(output.getAll()).doesNotContain(authorization.substring("Bearer ".length()));
			}
		}
	}

	// --- helpers ---

	double tokenRequests() {
		var counter = this.meters.find("prism.identity.token.requests")
			.tags("registration", "prism-service", "grant", "client_credentials", "outcome", "success")
			.counter();
		return counter == null ? 0 : counter.count();
	}

	void stubAccount() {
		upstreams.stubFor(getPath("customers", "/customers/c-1001").willReturn(okJson(toJson(Map.of("id", "c-1001",
				"name", "Alice Example", "email", "alice@example.com", "tier", "GOLD")))));
		upstreams.stubFor(getPath("customers", "/customers/c-1002").willReturn(okJson(toJson(Map.of("id", "c-1002",
				"name", "Bob Builder", "email", "bob@example.com", "tier", "SILVER")))));
		upstreams.stubFor(com.github.tomakehurst.wiremock.client.WireMock
			.get(urlPathMatching("/orders/customers/.*/orders"))
			.willReturn(okJson(toJson(Map.of("items", List.of())))));
	}

	void stubProductPage(String sku) {
		stubProduct(sku);
		upstreams.stubFor(getPath("pricing", "/prices")
			.willReturn(okJson(toJson(Map.of("prices", List.of(price(sku, "89.90")))))));
		upstreams.stubFor(getPath("inventory", "/availability")
			.willReturn(okJson(toJson(Map.of("items", List.of(stock(sku, "IN_STOCK", 3)))))));
		upstreams.stubFor(getPath("recommendations", "/recommendations")
			.willReturn(okJson(toJson(Map.of("skus", List.of())))));
		upstreams.stubFor(getPath("reviews", "/products/" + sku + "/reviews").willReturn(okJson(toJson(
				Map.of("sku", sku, "averageRating", 4.5, "count", 0, "items", List.of())))));
	}

	/** The bearer tokens the service called {@code service} got, in order. */
	static List<String> bearers(String service) {
		return upstreams.findAll(anyRequestedFor(urlPathMatching("/" + service + "/.*")))
			.stream()
			.map(request -> request.getHeader("Authorization"))
			.map(header -> header == null ? "<none>" : header.substring("Bearer ".length()))
			.toList();
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> claims(String jwt) {
		String[] parts = jwt.split("\\.");
		assertThat(parts).as("a JWT").hasSize(3);
		return json.readValue(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8), Map.class);
	}

	@SuppressWarnings("unchecked")
	static List<String> audiences(Map<String, Object> claims) {
		Object aud = claims.get("aud");
		return aud instanceof List<?> list ? (List<String>) list : List.of(String.valueOf(aud));
	}

	/** No token the provider issued — nor any bearer an upstream got — in an answer's body or headers. */
	static void assertNoTokenLeft(List<HttpResponse<String>> answers) {
		List<String> secrets = new ArrayList<>(provider.issuedTokens());
		upstreams.findAll(anyRequestedFor(anyUrl())).stream().map(request -> request.getHeader("Authorization"))
			.filter(header -> header != null && header.startsWith("Bearer "))
			.forEach(header -> secrets.add(header.substring(7)));
		for (HttpResponse<String> answer : answers) {
			for (String secret : secrets) {
				if (answer.body().contains("logoutUrl")) {
					continue;
				}
				assertThat(answer.body()).doesNotContain(secret);
				assertThat(answer.headers().map().toString()).doesNotContain(secret);
			}
		}
	}

}
