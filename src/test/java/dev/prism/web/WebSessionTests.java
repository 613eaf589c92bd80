package dev.prism.web;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import tools.jackson.databind.JsonNode;

import dev.prism.platform.experiments.Experiments;
import dev.prism.testing.ContractValidation;
import dev.prism.testing.EndToEndTestSupport;
import dev.prism.testing.TestTokens;

/** The browser session over real HTTP: login, CSRF, cookie flags, throttling, logout, account, orders and walls. */
class WebSessionTests extends EndToEndTestSupport {

	@Autowired
	MeterRegistry meters;

	/** A browser: keeps cookies and echoes the CSRF cookie as a header, as a real SPA would. */
	final class Browser {

		final CookieManager cookies = new CookieManager();

		final HttpClient client = ContractValidation
			.validating(HttpClient.newBuilder().cookieHandler(this.cookies).build());

		HttpResponse<String> send(String method, String path, String body, String... headers) {
			HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10));
			if (headers.length > 0) {
				request.headers(headers);
			}
			String csrf = cookie("XSRF-TOKEN");
			if (csrf != null && !method.equals("GET")) {
				request.header("X-XSRF-TOKEN", csrf);
			}
			request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
					: HttpRequest.BodyPublishers.ofString(body));
			if (body != null) {
				request.header("Content-Type", "application/json");
			}
			try {
				return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}

		String cookie(String name) {
			return this.cookies.getCookieStore()
				.getCookies()
				.stream()
				.filter(cookie -> cookie.getName().equals(name))
				.map(HttpCookie::getValue)
				.findFirst()
				.orElse(null);
		}

		HttpResponse<String> logIn(String username, String password) {
			send("GET", "/web/api/session", null);
			return send("POST", "/web/api/session",
					"{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
		}

	}

	@Test
	void theWholeLoginCsrfAndLogoutFlow() {
		Browser browser = new Browser();

		// Given an anonymous visitor, who-am-I is 401 but always hands out the CSRF cookie
		HttpResponse<String> anonymous = browser.send("GET", "/web/api/session", null);
		assertThat(anonymous.statusCode()).isEqualTo(401);
		assertThat(browser.cookie("XSRF-TOKEN")).isNotBlank();
		String csrfBefore = browser.cookie("XSRF-TOKEN");

		// When logging in without the CSRF header, it is refused
		HttpResponse<String> noCsrf = send(HttpRequest.newBuilder(uri("/web/api/session"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"alice\",\"password\":\"wonderland\"}"))
			.build());
		assertThat(noCsrf.statusCode()).isEqualTo(403);
		assertThat(body(noCsrf).get("type").asText()).isEqualTo("urn:prism:problem:csrf");

		// When logging in with it, the session is established with safe cookie flags
		HttpResponse<String> login = browser.send("POST", "/web/api/session",
				"{\"username\":\"alice\",\"password\":\"wonderland\"}");
		assertThat(login.statusCode()).isEqualTo(200);
		assertThat(body(login).get("customerId").asText()).isEqualTo("c-1001");
		List<String> setCookies = login.headers().allValues("Set-Cookie");
		assertThat(setCookies).anySatisfy(cookie -> assertThat(cookie).startsWith("PRISM_SESSION=")
			.contains("HttpOnly")
			.contains("SameSite=Lax"));
		assertThat(browser.cookie("XSRF-TOKEN")).isNotBlank().isNotEqualTo(csrfBefore);

		// Then who-am-I knows the user
		HttpResponse<String> me = browser.send("GET", "/web/api/session", null);
		assertThat(me.statusCode()).isEqualTo(200);
		assertThat(body(me).get("username").asText()).isEqualTo("alice");

		// And after logout the session is gone
		assertThat(browser.send("DELETE", "/web/api/session", null).statusCode()).isEqualTo(204);
		assertThat(browser.send("GET", "/web/api/session", null).statusCode()).isEqualTo(401);
	}

	@Test
	void theSessionIdChangesAtLogin() {
		Browser browser = new Browser();
		browser.send("GET", "/web/api/session", null);
		// Force a session before login, as an attacker fixing a session id would.
		browser.send("POST", "/web/api/session", "{\"username\":\"alice\",\"password\":\"wrong\"}");
		String before = browser.cookie("PRISM_SESSION");

		browser.send("POST", "/web/api/session", "{\"username\":\"alice\",\"password\":\"wonderland\"}");

		assertThat(browser.cookie("PRISM_SESSION")).isNotNull().isNotEqualTo(before);
	}

	@Test
	void wrongPasswordsAre401AndRepeatedOnesAreThrottled() {
		Browser browser = new Browser();
		browser.send("GET", "/web/api/session", null);
		for (int i = 0; i < 5; i++) {
			HttpResponse<String> wrong = browser.send("POST", "/web/api/session",
					"{\"username\":\"bob\",\"password\":\"nope-" + i + "\"}");
			assertThat(wrong.statusCode()).isEqualTo(401);
			assertThat(body(wrong).get("detail").asText()).isEqualTo("Wrong username or password.");
		}
		HttpResponse<String> throttled = browser.send("POST", "/web/api/session",
				"{\"username\":\"bob\",\"password\":\"builder\"}");
		assertThat(throttled.statusCode()).isEqualTo(429);
		assertThat(throttled.headers().firstValue("Retry-After")).isPresent();
	}

	@Test
	void securityHeadersAreSet() {
		stubProducts(List.of("SKU-1001"));
		HttpResponse<String> response = new Browser().send("GET", "/web/api/session", null);
		assertThat(response.headers().firstValue("Content-Security-Policy")).hasValue(
				"default-src 'none'; frame-ancestors 'none'");
		assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
		assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
	}

	@Test
	void theAccountShowsProfileAndRecentOrdersWithNamesAndIsNeverCached() {
		upstreams.stubFor(getPath("customers", "/customers/c-1001").willReturn(okJson(toJson(
				Map.of("id", "c-1001", "name", "Alice Example", "email", "alice@example.com", "tier", "GOLD")))));
		upstreams.stubFor(getPath("orders", "/customers/c-1001/orders").willReturn(okJson(toJson(Map.of("items",
				List.of(Map.of("id", "o-1", "customerId", "c-1001", "status", "SHIPPED", "lines",
						List.of(Map.of("sku", "SKU-1001", "quantity", 2, "unitPrice", "89.90")), "total",
						Map.of("currency", "EUR", "amount", "179.80"), "createdAt", "2026-11-20T09:30:00Z")))))));
		stubCatalogBatch(List.of("SKU-1001"));
		Browser browser = new Browser();
		assertThat(browser.send("GET", "/web/api/account", null).statusCode()).isEqualTo(401);
		browser.logIn("alice", "wonderland");

		HttpResponse<String> account = browser.send("GET", "/web/api/account", null);

		assertThat(account.statusCode()).isEqualTo(200);
		JsonNode page = body(account);
		assertThat(page.get("name").asText()).isEqualTo("Alice Example");
		assertThat(page.get("recentOrders").get(0).get("lines").get(0).get("name").asText())
			.isEqualTo("Product SKU-1001");
		assertThat(page.get("recentOrders").get(0).get("total").asText()).isEqualTo("179.80");
		assertThat(account.headers().firstValue("Cache-Control")).hasValueSatisfying(
				value -> assertThat(value).contains("no-store"));
		assertThat(account.headers().allValues("Vary")).anySatisfy(vary -> assertThat(vary).containsIgnoringCase("cookie"));
	}

	@Test
	void anOrderIsPlacedOncePerKeyAndValidated() {
		upstreams.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlPathEqualTo("/orders/orders")).willReturn(aResponse().withStatus(201)
			.withHeader("Content-Type", "application/json")
			.withBody(toJson(Map.of("id", "o-77", "customerId", "c-1001", "status", "PLACED", "lines",
					List.of(Map.of("sku", "SKU-1001", "quantity", 2, "unitPrice", "89.90")), "total",
					Map.of("currency", "EUR", "amount", "179.80"), "createdAt", "2026-11-24T10:00:00Z")))));
		stubCatalogBatch(List.of("SKU-1001"));
		Browser browser = new Browser();
		browser.logIn("alice", "wonderland");
		String order = "{\"lines\":[{\"sku\":\"SKU-1001\",\"quantity\":2}]}";

		HttpResponse<String> first = browser.send("POST", "/web/api/orders", order, "Idempotency-Key", "click-1");
		HttpResponse<String> doubleClick = browser.send("POST", "/web/api/orders", order, "Idempotency-Key",
				"click-1");

		assertThat(first.statusCode()).isEqualTo(201);
		assertThat(body(first).get("id").asText()).isEqualTo("o-77");
		assertThat(doubleClick.statusCode()).isEqualTo(201);
		assertThat(doubleClick.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		upstreams.verify(1, postRequestedFor(urlPathEqualTo("/orders/orders")).withHeader("Idempotency-Key",
				equalTo("c-1001:click-1")));

		assertThat(browser.send("POST", "/web/api/orders", order.replace("2}", "3}"), "Idempotency-Key", "click-1")
			.statusCode()).isEqualTo(422);
		for (String bad : List.of("{\"lines\":[]}", "{\"lines\":[{\"sku\":\"SKU-1001\",\"quantity\":100}]}",
				"{\"lines\":[{\"sku\":\"../etc\",\"quantity\":1}]}", "{nope")) {
			HttpResponse<String> rejected = browser.send("POST", "/web/api/orders", bad);
			assertThat(rejected.statusCode()).as(bad).isEqualTo(400);
			assertThat(rejected.headers().firstValue("Content-Type")).hasValueSatisfying(
					type -> assertThat(type).startsWith("application/problem+json"));
		}
		upstreams.verify(1, postRequestedFor(urlPathEqualTo("/orders/orders")));

		// Without the CSRF header nothing is placed.
		HttpResponse<String> forged = send(HttpRequest.newBuilder(uri("/web/api/orders"))
			.header("Content-Type", "application/json")
			.header("Cookie", "PRISM_SESSION=" + browser.cookie("PRISM_SESSION"))
			.POST(HttpRequest.BodyPublishers.ofString(order))
			.build());
		assertThat(forged.statusCode()).isEqualTo(403);
	}

	@Test
	void withoutAKeyEachOrderGetsItsOwnAndAPlacedOrderIsConfirmedEvenWhenTheCatalogCannotNameIt() {
		upstreams.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlPathEqualTo("/orders/orders")).willReturn(aResponse().withStatus(201)
			.withHeader("Content-Type", "application/json")
			.withBody(toJson(Map.of("id", "o-78", "customerId", "c-1001", "status", "PLACED", "lines",
					List.of(Map.of("sku", "SKU-1001", "quantity", 1, "unitPrice", "89.90")), "total",
					Map.of("currency", "EUR", "amount", "89.90"), "createdAt", "2026-11-24T10:00:00Z")))));
		stubDown("catalog", "/products");
		Browser browser = new Browser();
		browser.logIn("alice", "wonderland");
		String order = "{\"lines\":[{\"sku\":\"SKU-1001\",\"quantity\":1}]}";

		// When two orders are placed without an Idempotency-Key while the catalog is down
		HttpResponse<String> first = browser.send("POST", "/web/api/orders", order);
		HttpResponse<String> second = browser.send("POST", "/web/api/orders", order);

		// Then both are confirmed (the order is placed; only the product names are missing)
		for (HttpResponse<String> placed : List.of(first, second)) {
			assertThat(placed.statusCode()).isEqualTo(201);
			assertThat(body(placed).get("id").asText()).isEqualTo("o-78");
			assertThat(body(placed).get("lines").get(0).get("sku").asText()).isEqualTo("SKU-1001");
			assertThat(body(placed).get("lines").get(0).has("name")).isFalse();
			assertThat(placed.headers().firstValue("Idempotent-Replayed")).isEmpty();
		}
		// And each request went upstream with its own generated key, scoped to the customer
		List<String> keys = upstreams.findAll(postRequestedFor(urlPathEqualTo("/orders/orders")))
			.stream()
			.map(request -> request.getHeader("Idempotency-Key"))
			.toList();
		assertThat(keys).hasSize(2).doesNotHaveDuplicates().allSatisfy(key -> assertThat(key).startsWith("c-1001:"));
	}

	@Test
	void homeAndSearchCarryPriceAndStockAndTheCallersVariants() {
		List<String> skus = List.of("SKU-1001", "SKU-1002", "SKU-1003");
		stubCatalogPages(skus, 8);
		stubCatalogPages(skus, 20);
		stubPrices(Map.of("SKU-1001", "89.90", "SKU-1002", "49.00"));
		stubStock(Map.of("SKU-1001", "IN_STOCK", "SKU-1002", "OUT_OF_STOCK", "SKU-1003", "LOW_STOCK"));
		Browser browser = new Browser();

		HttpResponse<String> home = browser.send("GET", "/web/api/home", null);
		assertThat(home.statusCode()).isEqualTo(200);
		JsonNode page = body(home);
		assertThat(page.get("featured")).hasSize(3);
		assertThat(page.get("featured").get(0).get("price").get("amount").asText()).isEqualTo("89.90");
		assertThat(page.get("featured").get(2).get("price").isNull()).isTrue();
		assertThat(page.get("experiments").get("home-layout").asText()).isIn("grid", "carousel");
		assertThat(home.headers().firstValue("Cache-Control")).hasValueSatisfying(
				value -> assertThat(value).contains("private"));
		String variant = page.get("experiments").get("home-layout").asText();
		for (int i = 0; i < 5; i++) {
			assertThat(body(browser.send("GET", "/web/api/home", null)).get("experiments").get("home-layout").asText())
				.isEqualTo(variant);
		}

		HttpResponse<String> search = browser.send("GET", "/web/api/products?page=0", null);
		assertThat(search.statusCode()).isEqualTo(200);
		assertThat(body(search).get("items")).hasSize(3);
		assertThat(body(search).get("total").asInt()).isEqualTo(3);
		assertThat(body(search).get("hasNext").asBoolean()).isFalse();
		assertThat(search.headers().firstValue("Cache-Control")).hasValueSatisfying(
				value -> assertThat(value).contains("public"));
		assertThat(browser.send("GET", "/web/api/products?page=-1", null).statusCode()).isEqualTo(400);
	}

	@Test
	void logoutNeedsTheCsrfHeaderToo() {
		Browser browser = new Browser();
		browser.logIn("alice", "wonderland");

		// When a forged logout arrives with the session cookie but without the CSRF header, it is refused
		HttpResponse<String> forged = send(HttpRequest.newBuilder(uri("/web/api/session"))
			.header("Cookie", "PRISM_SESSION=" + browser.cookie("PRISM_SESSION"))
			.DELETE()
			.build());
		assertThat(forged.statusCode()).isEqualTo(403);

		// Then the user is still logged in
		assertThat(browser.send("GET", "/web/api/session", null).statusCode()).isEqualTo(200);
	}

	@Test
	void experimentsFollowTheCustomerAcrossBrowsersAndAreCountedAsExposures() {
		stubCatalogPages(List.of("SKU-1001"), 8);
		stubPrices(Map.of("SKU-1001", "89.90"));
		stubStock(Map.of("SKU-1001", "IN_STOCK"));
		String expected = Experiments.assign("home-layout",
				new Experiments.Definition(List.of("grid", "carousel"), List.of(50, 50)), "c-1001");
		double before = exposures(expected);

		// Given alice logged in on two different browsers (bob may be locked out by the throttling test)
		for (int i = 0; i < 2; i++) {
			Browser browser = new Browser();
			assertThat(browser.logIn("alice", "wonderland").statusCode()).isEqualTo(200);

			// When each opens the home page, both see the variant assigned to his customer id
			HttpResponse<String> home = browser.send("GET", "/web/api/home", null);
			assertThat(body(home).get("experiments").get("home-layout").asText()).isEqualTo(expected);
			assertThat(home.headers().firstValue("Cache-Control")).hasValueSatisfying(
					value -> assertThat(value).contains("private").doesNotContain("public"));
			assertThat(home.headers().allValues("Vary")).anySatisfy(
					vary -> assertThat(vary).containsIgnoringCase("cookie"));
		}

		// Then each exposure was counted under the experiment and variant
		assertThat(exposures(expected) - before).isEqualTo(2.0);
	}

	@Test
	void anAnonymousVisitorKeepsItsVariantThroughAnHttpOnlyCookieWithoutAServerSession() {
		stubCatalogPages(List.of("SKU-1001"), 8);
		stubPrices(Map.of("SKU-1001", "89.90"));
		stubStock(Map.of("SKU-1001", "IN_STOCK"));
		Browser browser = new Browser();

		HttpResponse<String> home = browser.send("GET", "/web/api/home", null);

		assertThat(home.statusCode()).isEqualTo(200);
		assertThat(home.headers().allValues("Set-Cookie")).anySatisfy(cookie -> assertThat(cookie)
			.startsWith(WebCatalogController.VISITOR_COOKIE + "=")
			.contains("HttpOnly")
			.contains("SameSite=Lax"));
		assertThat(browser.cookie("PRISM_SESSION")).isNull();
	}

	private double exposures(String variant) {
		var counter = this.meters.find("prism.web.experiment.exposures")
			.tags("experiment", "home-layout", "variant", variant)
			.counter();
		return counter == null ? 0 : counter.count();
	}

	@Test
	void recommendationsArePersonalisedForALoggedInCustomerAndThatPageIsPrivate() {
		stubProducts(List.of("SKU-1001"));
		stubCatalogBatch(List.of("SKU-1002"));
		stubPrices(Map.of("SKU-1001", "89.90", "SKU-1002", "49.00"));
		stubStock(Map.of("SKU-1001", "IN_STOCK", "SKU-1002", "IN_STOCK"));
		stubReviews("SKU-1001");
		stubRecommendations(List.of("SKU-1002"));
		Browser browser = new Browser();

		// Given an anonymous visitor: everyone's recommendations, a short public cache
		HttpResponse<String> anonymous = browser.send("GET", "/web/api/products/SKU-1001", null);
		assertThat(body(anonymous).get("degraded")).as(anonymous.body()).isEmpty();
		assertThat(anonymous.headers().firstValue("Cache-Control")).hasValueSatisfying(
				value -> assertThat(value).contains("public").contains("max-age=30"));
		upstreams.verify(1, getRequestedFor(urlPathEqualTo("/recommendations/recommendations"))
			.withoutQueryParam("customerId"));

		// When the visitor logs in and opens the same product
		browser.logIn("alice", "wonderland");
		HttpResponse<String> personal = browser.send("GET", "/web/api/products/SKU-1001", null);

		// Then the recommendations are asked for the customer, and the page is private to the session
		assertThat(personal.statusCode()).isEqualTo(200);
		assertThat(body(personal).get("recommendations").get(0).get("name").asText()).isEqualTo("Product SKU-1002");
		upstreams.verify(1, getRequestedFor(urlPathEqualTo("/recommendations/recommendations"))
			.withQueryParam("customerId", equalTo("c-1001")));
		assertThat(personal.headers().firstValue("Cache-Control")).hasValueSatisfying(
				value -> assertThat(value).contains("private").doesNotContain("public").doesNotContain("max-age"));
		for (HttpResponse<String> page : List.of(anonymous, personal)) {
			assertThat(page.headers().allValues("Vary")).anySatisfy(
					vary -> assertThat(vary).containsIgnoringCase("cookie"));
		}
	}

	@Test
	void otherChannelsCredentialsOpenNothingHere() {
		String token = TestTokens.bearer(TestTokens.mobile("c-1001"));
		assertThat(get("/web/api/account", "Authorization", token).statusCode()).isEqualTo(401);
		assertThat(get("/web/api/account", "X-Api-Key", "acme-demo-key").statusCode()).isEqualTo(401);

		Browser browser = new Browser();
		browser.logIn("alice", "wonderland");
		String session = "PRISM_SESSION=" + browser.cookie("PRISM_SESSION");
		assertThat(get("/mobile/api/products/SKU-1001", "Cookie", session).statusCode()).isEqualTo(401);
		assertThat(get("/partner/api/v1/products/SKU-1001", "Cookie", session).statusCode()).isEqualTo(401);
		assertThat(get("/actuator/metrics", "Cookie", session).statusCode()).isEqualTo(401);
	}

	private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder okJson(String body) {
		return com.github.tomakehurst.wiremock.client.WireMock.okJson(body);
	}

}
