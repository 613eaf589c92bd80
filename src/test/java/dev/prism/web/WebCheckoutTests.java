package dev.prism.web;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * A logged-in shopper over real HTTP: the account page from the customers, orders and catalog services, and an order
 * placed exactly once per key, with CSRF.
 */
class WebCheckoutTests extends WebEndToEndTestSupport {

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
		browser.logInAsAlice();

		HttpResponse<String> account = browser.send("GET", "/web/api/account", null);

		assertThat(account.statusCode()).isEqualTo(200);
		JsonNode page = body(account);
		assertThat(page.get("name").asText()).isEqualTo("Alice Example");
		assertThat(page.get("recentOrders").get(0).get("lines").get(0).get("name").asText())
			.isEqualTo("Product SKU-1001");
		assertThat(account.headers().firstValue("Cache-Control")).hasValueSatisfying(
				value -> assertThat(value).contains("no-store"));
	}

	@Test
	void anOrderIsPlacedOncePerKeyAndOnlyWithTheCsrfHeader() {
		upstreams.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlPathEqualTo("/orders/orders"))
			.willReturn(aResponse().withStatus(201)
				.withHeader("Content-Type", "application/json")
				.withBody(toJson(Map.of("id", "o-77", "customerId", "c-1001", "status", "PLACED", "lines",
						List.of(Map.of("sku", "SKU-1001", "quantity", 2, "unitPrice", "89.90")), "total",
						Map.of("currency", "EUR", "amount", "179.80"), "createdAt", "2026-11-24T10:00:00Z")))));
		stubCatalogBatch(List.of("SKU-1001"));
		Browser browser = new Browser();
		browser.logInAsAlice();
		String order = "{\"lines\":[{\"sku\":\"SKU-1001\",\"quantity\":2}]}";

		// When the shopper double-clicks
		HttpResponse<String> first = browser.send("POST", "/web/api/orders", order, "Idempotency-Key", "click-1");
		HttpResponse<String> doubleClick = browser.send("POST", "/web/api/orders", order, "Idempotency-Key",
				"click-1");

		// Then one order is placed for the customer, and the second answer is the first one replayed
		assertThat(first.statusCode()).isEqualTo(201);
		assertThat(body(first).get("id").asText()).isEqualTo("o-77");
		assertThat(body(first).get("lines").get(0).get("name").asText()).isEqualTo("Product SKU-1001");
		assertThat(doubleClick.statusCode()).isEqualTo(201);
		assertThat(doubleClick.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		upstreams.verify(1, postRequestedFor(urlPathEqualTo("/orders/orders"))
			.withHeader("Idempotency-Key", equalTo("c-1001:click-1"))
			.withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing("\"channel\":\"web\"")));

		// And the same key with another order, or a forged request without the CSRF header, places nothing
		assertThat(browser.send("POST", "/web/api/orders", order.replace("2}", "3}"), "Idempotency-Key", "click-1")
			.statusCode()).isEqualTo(422);
		HttpResponse<String> forged = send(forgedFrom(browser, "/web/api/orders")
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(order))
			.build());
		assertThat(forged.statusCode()).isEqualTo(403);
		upstreams.verify(1, postRequestedFor(urlPathEqualTo("/orders/orders")));
	}

}
