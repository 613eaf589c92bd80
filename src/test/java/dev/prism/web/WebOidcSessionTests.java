package dev.prism.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.apache.catalina.Context;
import org.apache.catalina.Session;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.json.JsonMapper;

import dev.prism.PrismApplication;
import dev.prism.demo.identity.TestIdentityProvider;

/**
 * The web channel as an OAuth token handler, against a real OpenID provider — the demo's Spring Authorization Server
 * on a port of its own, with rotating refresh tokens and 5-minute access tokens — and a browser that logs alice in on
 * its login page. Time is the provider's clock, which Prism reads too, so tokens expire when a test moves it and never
 * because the machine was slow. What the provider saw (refresh grants, revocations, the tokens it issued) is counted
 * there; no token the provider issued may show up in an answer, a cookie or a log line (but the ID token as the
 * logout URL's {@code id_token_hint}).
 */
@SpringBootTest(classes = PrismApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "prism.demo.identity-provider.enabled=false", "prism.web.deadline=1s",
				"spring.security.oauth2.client.registration.demo.client-name=Northpeak ID",
				"spring.security.oauth2.client.registration.demo.authorization-grant-type=authorization_code",
				"spring.security.oauth2.client.registration.demo.scope=openid,profile,email",
				"spring.security.oauth2.client.registration.demo.redirect-uri={baseUrl}/web/api/oauth2/code/{registrationId}",
				// Prism's own identity at an upstream: a registration that must never open a login
				"spring.security.oauth2.client.registration.catalog-service.provider=demo",
				"spring.security.oauth2.client.registration.catalog-service.authorization-grant-type=client_credentials",
				"spring.security.oauth2.client.registration.catalog-service.scope=orders" })
@Import(WebOidcSessionTests.ProviderTime.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(OutputCaptureExtension.class)
class WebOidcSessionTests {

	static final TestIdentityProvider provider = TestIdentityProvider.start();

	static final JsonMapper json = JsonMapper.builder().build();

	/** Five minutes to live, refreshed 60 s + 60 s ahead: due after three minutes, expired after five. */
	static final Duration DUE = Duration.ofMinutes(4);

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
	WebTokenRefreshLocks locks;

	@Autowired
	ServletWebServerApplicationContext context;

	@AfterEach
	void resetProvider() {
		provider.resume();
		provider.reset();
	}

	String prism() {
		return "http://localhost:" + this.port;
	}

	@Test
	void aLoginKeepsItsTokensEncryptedInTheSessionAndTheBrowserOnlyItsCookies(CapturedOutput output) {
		// Given alice logs in with Northpeak ID
		int codes = provider.authorizationCodeGrants();
		OidcBrowser browser = logIn();

		// Then Prism redeemed one code, and her session knows her
		assertThat(provider.authorizationCodeGrants()).isEqualTo(codes + 1);
		HttpResponse<String> me = browser.get("/web/api/session");
		assertThat(me.statusCode()).isEqualTo(200);
		assertThat(me.body()).contains("\"username\":\"alice\"").contains("\"customerId\":\"c-1001\"");

		// And the session holds the tokens only sealed, and a user whose ID token is no token
		Session session = tomcatSession(browser.cookie("PRISM_SESSION"));
		Object sealed = session.getSession().getAttribute(WebSessionTokenRepository.ATTRIBUTE);
		assertThat(sealed).isInstanceOfSatisfying(String.class, value -> assertThat(value).startsWith("v1."));
		SecurityContext context = (SecurityContext) session.getSession()
			.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
		assertThat(((OidcUser) context.getAuthentication().getPrincipal()).getIdToken().getTokenValue())
			.isEqualTo(WebSecurityContextRepository.REDACTED);

		// And so does its JSON, as profile distributed keeps it in Redis: no token, no client secret
		WebSessionSerializer serializer = WebSessionSerializer.json(getClass().getClassLoader());
		StringBuilder stored = new StringBuilder();
		for (String name : Collections.list(session.getSession().getAttributeNames())) {
			Object value = session.getSession().getAttribute(name);
			String written = new String(serializer.serialize(value), StandardCharsets.UTF_8);
			stored.append(written);
			assertThat(serializer.deserialize(written.getBytes(StandardCharsets.UTF_8))).as(name)
				.isNotSameAs(WebSessionSerializer.UNREADABLE);
		}
		assertThat(stored.toString()).doesNotContain(provider.clientSecret())
			.doesNotContain("registration.ClientRegistration")
			.doesNotContain("token_endpoint");
		assertNoTokenIn(stored.toString());
		assertNoTokenLeaked(browser, output);
	}

	@Test
	void parallelRequestsWithADueAccessTokenShareOneRefresh(CapturedOutput output) {
		// Given alice's session, and its access token due for a refresh
		OidcBrowser browser = logIn();
		int refreshes = provider.refreshGrants();
		double refreshed = count("refreshed");
		double joined = count("joined");
		provider.advance(DUE);

		// When eight requests of her session arrive while the provider is still answering the first refresh
		provider.holdRefreshes();
		List<CompletableFuture<HttpResponse<String>>> parallel = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			parallel.add(browser.getAsync(browser.uri("/web/api/session")));
		}
		LocalWebTokenRefreshLocks local = (LocalWebTokenRefreshLocks) this.locks;
		awaitUntil(() -> local.users() == 8, "all eight requests at the session's refresh lock");
		provider.release();

		// Then all are answered, and the provider saw one refresh: one request refreshed, the seven others joined it
		for (CompletableFuture<HttpResponse<String>> answer : parallel) {
			assertThat(answer.join().statusCode()).isEqualTo(200);
		}
		assertThat(provider.refreshGrants()).isEqualTo(refreshes + 1);
		assertThat(count("refreshed")).isEqualTo(refreshed + 1);
		assertThat(count("joined")).isEqualTo(joined + 7);
		assertThat(local.users()).as("no lock left behind").isZero();

		// And past the old token's expiry the new one serves without another refresh
		provider.advance(Duration.ofMinutes(2));
		assertThat(browser.get("/web/api/session").statusCode()).isEqualTo(200);
		assertThat(provider.refreshGrants()).isEqualTo(refreshes + 1);
		assertNoTokenLeaked(browser, output);
	}

	@Test
	void aRefreshTheProviderRefusesEndsTheSessionWith401NotARedirect(CapturedOutput output) {
		// Given alice's session, whose refresh token someone else has already used: the provider rotated it
		OidcBrowser browser = logIn();
		HttpResponse<String> elsewhere = new OidcBrowser(prism()).postForm(URI.create(provider.issuer() + "/oauth2/token"),
				Map.of("grant_type", "refresh_token", "refresh_token", provider.lastRefreshToken()),
				provider.clientId() + ":" + provider.clientSecret());
		assertThat(elsewhere.statusCode()).as(elsewhere.body()).isEqualTo(200);
		double expired = count("session-expired");
		int refreshes = provider.refreshGrants();

		// When her access token is due and she asks for a page
		provider.advance(DUE);
		HttpResponse<String> page = browser.get("/web/api/session");

		// Then Prism tried once, the provider refused, and the session is over: a 401 problem, no redirect
		assertThat(provider.refreshGrants()).isEqualTo(refreshes + 1);
		assertThat(page.statusCode()).isEqualTo(401);
		assertThat(page.headers().firstValue("Location")).isEmpty();
		assertThat(json.readTree(page.body()).get("type").asString()).isEqualTo("urn:prism:problem:session-expired");
		assertThat(count("session-expired")).isEqualTo(expired + 1);

		// And nobody is logged in on it any more, without another refresh; public pages still answer
		HttpResponse<String> again = browser.get("/web/api/session");
		assertThat(again.statusCode()).isEqualTo(401);
		assertThat(json.readTree(again.body()).get("type").asString()).isEqualTo("urn:prism:problem:unauthorized");
		assertThat(browser.get("/web/api/account").statusCode()).isEqualTo(401);
		assertThat(provider.refreshGrants()).isEqualTo(refreshes + 1);
		assertNoTokenLeaked(browser, output);
	}

	/**
	 * Last of all: after the provider's restart, each of Spring Security's token clients in Prism (own connection
	 * pools) fails once on its stale pooled connection, which would fail the next test's login.
	 */
	@Test
	@Order(Integer.MAX_VALUE)
	void anUnreachableProviderAnswers503AndKeepsTheSession(CapturedOutput output) {
		// Given alice's session with a due access token, and a provider that refuses connections
		OidcBrowser browser = logIn();
		int refreshes = provider.refreshGrants();
		double unavailable = count("provider-unavailable");
		provider.advance(DUE);
		provider.suspend();

		// When she asks for a page
		HttpResponse<String> page = browser.get("/web/api/session");

		// Then the answer is 503, to retry shortly
		assertThat(page.statusCode()).isEqualTo(503);
		assertThat(json.readTree(page.body()).get("type").asString())
			.isEqualTo("urn:prism:problem:identity-provider-unavailable");
		assertThat(page.headers().firstValue("Retry-After")).isPresent();
		assertThat(count("provider-unavailable")).isEqualTo(unavailable + 1);

		// And once the provider is back, the same session refreshes and is alice's still
		provider.resume();
		HttpResponse<String> later = browser.get("/web/api/session");
		assertThat(later.statusCode()).isEqualTo(200);
		assertThat(later.body()).contains("\"username\":\"alice\"");
		assertThat(provider.refreshGrants()).isEqualTo(refreshes + 1);
		assertNoTokenLeaked(browser, output);
	}

	@Test
	void aRefreshThatOutlastsTheRequestsDeadlineIsStillStored(CapturedOutput output) {
		// Given alice's session with a due access token, and a provider slower than the web deadline (1 s here)
		OidcBrowser browser = logIn();
		int refreshes = provider.refreshGrants();
		provider.advance(DUE);
		provider.delayRefreshes(Duration.ofMillis(1500));

		// When her account page waits for the refresh past its deadline
		HttpResponse<String> late = browser.get("/web/api/account");
		assertThat(late.statusCode()).isNotEqualTo(401);

		// Then the refreshed tokens were kept: the next request needs no refresh
		provider.delayRefreshes(Duration.ZERO);
		assertThat(browser.get("/web/api/session").statusCode()).isEqualTo(200);
		assertThat(provider.refreshGrants()).isEqualTo(refreshes + 1);
		assertNoTokenLeaked(browser, output);
	}

	@Test
	void aSessionEndsAtItsMaximumLifetimeWithoutAskingTheProvider(CapturedOutput output) {
		OidcBrowser browser = logIn();
		int refreshes = provider.refreshGrants();

		provider.advance(Duration.ofHours(12));

		HttpResponse<String> page = browser.get("/web/api/session");
		assertThat(page.statusCode()).isEqualTo(401);
		assertThat(json.readTree(page.body()).get("type").asString()).isEqualTo("urn:prism:problem:session-expired");
		assertThat(provider.refreshGrants()).isEqualTo(refreshes);
		assertNoTokenLeaked(browser, output);
	}

	@Test
	void onlyAnAuthorizationCodeRegistrationOpensALogin() {
		OidcBrowser browser = new OidcBrowser(prism());
		HttpResponse<String> login = browser.get("/web/api/oauth2/authorization/demo");
		assertThat(login.statusCode()).isEqualTo(302);
		assertThat(login.headers().firstValue("Location")).hasValueSatisfying(
				location -> assertThat(location).startsWith(provider.issuer() + "/oauth2/authorize"));

		HttpResponse<String> service = browser.get("/web/api/oauth2/authorization/catalog-service");
		assertThat(service.statusCode()).isEqualTo(404);
		assertThat(service.headers().firstValue("Location")).isEmpty();
	}

	@Test
	void logoutRevokesTheRefreshTokenAndSendsTheBrowserToEndTheProvidersSession(CapturedOutput output) {
		// Given alice's session, refreshed once (so the provider has issued her a second ID token)
		OidcBrowser browser = logIn();
		provider.advance(DUE);
		assertThat(browser.get("/web/api/session").statusCode()).isEqualTo(200);
		String refreshToken = provider.lastRefreshToken();
		String idToken = provider.lastIdToken();

		// When she logs out
		HttpResponse<String> logout = browser.send("DELETE", "/web/api/session");

		// Then the answer is the provider's end-session URL with her current ID token and the way back to the shop
		assertThat(logout.statusCode()).as(logout.body()).isEqualTo(200);
		URI logoutUrl = URI.create(json.readTree(logout.body()).get("logoutUrl").asString());
		assertThat(logoutUrl.toString()).startsWith(provider.issuer() + "/connect/logout?");
		assertThat(OidcBrowser.query(logoutUrl)).containsEntry("id_token_hint", idToken)
			.containsEntry("post_logout_redirect_uri", prism() + "/");

		// And Prism revoked her refresh token at the provider, which refuses it from now on
		assertThat(provider.revokedTokens()).contains(refreshToken);
		HttpResponse<String> reuse = new OidcBrowser(prism()).postForm(URI.create(provider.issuer() + "/oauth2/token"),
				Map.of("grant_type", "refresh_token", "refresh_token", refreshToken),
				provider.clientId() + ":" + provider.clientSecret());
		assertThat(reuse.statusCode()).isEqualTo(400);
		assertThat(reuse.body()).contains("invalid_grant");

		// And Prism's session is over
		assertThat(browser.get("/web/api/session").statusCode()).isEqualTo(401);

		// When the browser follows the URL, the provider ends its session and sends it back to the storefront
		HttpResponse<String> ended = browser.get(logoutUrl);
		assertThat(ended.statusCode()).as(ended.body()).isEqualTo(302);
		assertThat(ended.headers().firstValue("Location")).hasValue(prism() + "/");

		// Then the next login asks for her password again
		OidcBrowser.Navigation again = browser.navigate(URI.create(prism() + "/web/api/oauth2/authorization/demo"), "alice",
				"wonderland", uri -> uri.toString().equals(prism() + "/"));
		assertThat(again.loginFormFilled()).isTrue();
		assertNoTokenLeaked(browser, output, logout);
	}

	@Test
	void logoutOfAPasswordSessionIsStill204() {
		OidcBrowser browser = new OidcBrowser(prism());
		browser.get("/web/api/session");
		HttpResponse<String> login = browser.send("POST", "/web/api/session",
				"{\"username\":\"alice\",\"password\":\"wonderland\"}");
		assertThat(login.statusCode()).isEqualTo(200);

		HttpResponse<String> logout = browser.send("DELETE", "/web/api/session");

		assertThat(logout.statusCode()).isEqualTo(204);
		assertThat(provider.revokedTokens()).isEmpty();
	}

	// --- helpers ---

	OidcBrowser logIn() {
		return OidcBrowser.loggedInAsAlice(prism());
	}

	double count(String outcome) {
		Counter counter = this.meters.find("prism.web.session.refreshes").tag("outcome", outcome).counter();
		return counter == null ? 0 : counter.count();
	}

	Session tomcatSession(String id) {
		Context webapp = (Context) ((TomcatWebServer) this.context.getWebServer()).getTomcat()
			.getHost()
			.findChildren()[0];
		try {
			Session session = webapp.getManager().findSession(id);
			assertThat(session).as("the session of the cookie").isNotNull();
			return session;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** None of the provider's tokens is in any answer (but {@code except}), cookie or log line. */
	void assertNoTokenLeaked(OidcBrowser browser, CapturedOutput output, HttpResponse<?>... except) {
		List<String> tokens = provider.issuedTokens();
		assertThat(tokens).isNotEmpty();
		for (HttpResponse<String> answer : List.copyOf(browser.answers)) {
			if (List.of(except).contains(answer)) {
				continue;
			}
			assertNoTokenIn(answer.body());
			assertNoTokenIn(answer.headers().map().toString());
		}
		for (HttpCookie cookie : browser.cookies.getCookieStore().getCookies()) {
			assertNoTokenIn(cookie.getValue());
		}
		assertNoTokenIn(output.getAll());
	}

	static void assertNoTokenIn(String text) {
		for (String token : provider.issuedTokens()) {
			assertThat(text).as("no token the provider issued").doesNotContain(token);
		}
	}

	static void awaitUntil(java.util.function.BooleanSupplier condition, String what) {
		long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() - until > 0) {
				throw new AssertionError("Timed out waiting for " + what);
			}
			try {
				Thread.sleep(10);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError(ex);
			}
		}
	}

}
