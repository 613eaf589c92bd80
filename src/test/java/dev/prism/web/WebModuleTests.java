package dev.prism.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.Cookie;

import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.ApplicationModuleTest.BootstrapMode;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import dev.prism.upstream.Availability;
import dev.prism.upstream.CatalogClient;
import dev.prism.upstream.Customer;
import dev.prism.upstream.CustomersClient;
import dev.prism.upstream.InventoryClient;
import dev.prism.upstream.Money;
import dev.prism.upstream.Order;
import dev.prism.upstream.OrdersClient;
import dev.prism.upstream.PlaceOrder;
import dev.prism.upstream.Price;
import dev.prism.upstream.PricingClient;
import dev.prism.upstream.Product;
import dev.prism.upstream.ProductImage;
import dev.prism.upstream.ProductReviews;
import dev.prism.upstream.RecommendationsClient;
import dev.prism.upstream.ReviewsClient;
import dev.prism.upstream.UpstreamNotFoundException;
import dev.prism.upstream.UpstreamTimeoutException;
import dev.prism.upstream.UpstreamUnavailableException;

/**
 * The web module bootstrapped with only what it depends on ({@code upstream}, {@code platform}), every upstream client
 * mocked: what the BFF asks of each service and how it shapes the answers.
 */
@ApplicationModuleTest(mode = BootstrapMode.DIRECT_DEPENDENCIES)
@AutoConfigureMockMvc
@TestPropertySource(locations = "classpath:offline-upstreams.properties",
		properties = { "prism.web.users.alice.password={noop}wonderland", "prism.web.users.alice.customer-id=c-1001",
				"prism.web.experiments.home-layout.variants=grid,carousel",
				"prism.web.experiments.home-layout.weights=50,50" })
class WebModuleTests {

	@Autowired
	MockMvc mvc;

	@MockitoBean
	CatalogClient catalog;

	@MockitoBean
	PricingClient pricing;

	@MockitoBean
	InventoryClient inventory;

	@MockitoBean
	ReviewsClient reviews;

	@MockitoBean
	RecommendationsClient recommendations;

	@MockitoBean
	CustomersClient customers;

	@MockitoBean
	OrdersClient orders;

	/**
	 * CSRF as a browser does it: the XSRF-TOKEN cookie from {@code GET /web/api/session}, echoed in the header.
	 * (Spring Security's {@code csrf()} post-processor sends a masked token, which the SPA handling does not expect.)
	 */
	RequestPostProcessor browserCsrf() throws Exception {
		Cookie token = this.mvc.perform(get("/web/api/session")).andReturn().getResponse().getCookie("XSRF-TOKEN");
		return request -> {
			request.setCookies(token);
			request.addHeader("X-XSRF-TOKEN", token.getValue());
			return request;
		};
	}

	static Product product(String sku) {
		return new Product(sku, "Product " + sku, "Northpeak", "shoes", "About " + sku,
				List.of(new ProductImage("https://img.example/" + sku + "/main.jpg", 1200, 1200)), Map.of(),
				Instant.parse("2026-11-01T10:00:00Z"));
	}

	static Price price(String sku, String amount) {
		return new Price(sku, "EUR", amount, amount, 0);
	}

	static Order order(String id) {
		return new Order(id, "c-1001", Order.Status.PLACED, List.of(new Order.Line("SKU-1001", 2, "89.90")),
				new Money("EUR", "179.80"), Instant.parse("2026-11-24T10:00:00Z"));
	}

	@Test
	void theProductPageAsksEveryServiceOnceAndShapesTheAnswer() throws Exception {
		given(this.catalog.product("SKU-1001")).willReturn(product("SKU-1001"));
		given(this.pricing.prices(List.of("SKU-1001"))).willReturn(Map.of("SKU-1001", price("SKU-1001", "89.90")));
		given(this.inventory.availability(anyCollection())).willReturn(
				Map.of("SKU-1001", new Availability("SKU-1001", Availability.StockStatus.LOW_STOCK, 3)));
		given(this.reviews.reviews("SKU-1001", 3)).willReturn(new ProductReviews("SKU-1001", 4.5, 10, List.of()));
		given(this.recommendations.recommendations(eq("SKU-1001"), isNull(), eq(4))).willReturn(List.of("SKU-1002"));
		given(this.catalog.products(List.of("SKU-1002"))).willReturn(List.of(product("SKU-1002")));
		// SKU-1002 is unknown to pricing: no price, which is data, not a failure.
		given(this.pricing.prices(List.of("SKU-1002"))).willReturn(Map.of());

		this.mvc.perform(get("/web/api/products/SKU-1001"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.price.amount").value("89.90"))
			.andExpect(jsonPath("$.availability.status").value("LOW_STOCK"))
			.andExpect(jsonPath("$.availability.inStock").value(true))
			.andExpect(jsonPath("$.rating.average").value(4.5))
			.andExpect(jsonPath("$.recommendations[0].name").value("Product SKU-1002"))
			.andExpect(jsonPath("$.recommendations[0].thumbnail").value("https://img.example/SKU-1002/main.jpg?w=480"))
			.andExpect(jsonPath("$.recommendations[0].price").isEmpty())
			.andExpect(jsonPath("$.degraded").isEmpty());
		verify(this.catalog, times(1)).product("SKU-1001");
		verify(this.catalog, times(1)).products(List.of("SKU-1002"));
	}

	@Test
	void aFailedOrLateOptionalSectionIsDegradedAndAMissingProductIs404() throws Exception {
		given(this.catalog.product("SKU-1001")).willReturn(product("SKU-1001"));
		given(this.pricing.prices(anyCollection())).willThrow(new UpstreamTimeoutException("pricing", null));
		given(this.inventory.availability(anyCollection()))
			.willThrow(new UpstreamUnavailableException("inventory", Duration.ofSeconds(5), null));
		given(this.reviews.reviews("SKU-1001", 3)).willReturn(new ProductReviews("SKU-1001", 4.5, 10, List.of()));
		given(this.recommendations.recommendations(any(), any(), anyInt())).willReturn(List.of());

		this.mvc.perform(get("/web/api/products/SKU-1001"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.degraded[0]").value("price"))
			.andExpect(jsonPath("$.degraded[1]").value("availability"))
			.andExpect(jsonPath("$.price").isEmpty())
			.andExpect(jsonPath("$.rating.count").value(10));

		given(this.catalog.product("SKU-404")).willThrow(new UpstreamNotFoundException("No such product."));
		this.mvc.perform(get("/web/api/products/SKU-404"))
			.andExpect(status().isNotFound())
			.andExpect(header().string("Content-Type", startsWith("application/problem+json")))
			.andExpect(jsonPath("$.type").value("urn:prism:problem:not-found"));
	}

	@Test
	void anOrderGoesUpstreamOnceWithTheCustomerScopedKey() throws Exception {
		PlaceOrder expected = new PlaceOrder("c-1001", "web", List.of(new PlaceOrder.Line("SKU-1001", 2)));
		given(this.orders.place(expected, "c-1001:click-9")).willReturn(order("o-9"));
		given(this.catalog.products(List.of("SKU-1001"))).willReturn(List.of(product("SKU-1001")));
		String body = "{\"lines\":[{\"sku\":\"SKU-1001\",\"quantity\":2}]}";

		for (int i = 0; i < 2; i++) {
			this.mvc
				.perform(post("/web/api/orders").with(user("alice"))
					.with(browserCsrf())
					.header("Idempotency-Key", "click-9")
					.contentType(MediaType.APPLICATION_JSON)
					.content(body))
				.andExpect(status().isCreated())
				.andExpect(jsonPath("$.id").value("o-9"))
				.andExpect(jsonPath("$.lines[0].name").value("Product SKU-1001"))
				.andExpect(jsonPath("$.total").value("179.80"));
		}
		verify(this.orders, times(1)).place(any(), any());
	}

	@Test
	void withoutAKeyEachOrderGetsItsOwnAndIsConfirmedEvenWhenTheCatalogCannotNameIt() throws Exception {
		given(this.orders.place(any(), any())).willReturn(order("o-78"));
		given(this.catalog.products(anyCollection()))
			.willThrow(new UpstreamUnavailableException("catalog", Duration.ofSeconds(5), null));
		String body = "{\"lines\":[{\"sku\":\"SKU-1001\",\"quantity\":2}]}";

		for (int i = 0; i < 2; i++) {
			this.mvc
				.perform(post("/web/api/orders").with(user("alice"))
					.with(browserCsrf())
					.contentType(MediaType.APPLICATION_JSON)
					.content(body))
				.andExpect(status().isCreated())
				.andExpect(jsonPath("$.id").value("o-78"))
				.andExpect(jsonPath("$.lines[0].sku").value("SKU-1001"))
				.andExpect(jsonPath("$.lines[0].name").doesNotExist())
				.andExpect(header().doesNotExist("Idempotent-Replayed"));
		}
		ArgumentCaptor<String> keys = ArgumentCaptor.forClass(String.class);
		verify(this.orders, times(2)).place(eq(new PlaceOrder("c-1001", "web", List.of(new PlaceOrder.Line("SKU-1001", 2)))),
				keys.capture());
		assertThat(keys.getAllValues()).doesNotHaveDuplicates().allSatisfy(key -> assertThat(key).startsWith("c-1001:"));
	}

	@Test
	void anInvalidOrderOrOneWithoutCsrfOrLoginReachesNoService() throws Exception {
		for (String invalid : List.of("{\"lines\":[{\"sku\":\"SKU-1001\",\"quantity\":100}]}", "{\"lines\":[]}",
				"{\"lines\":[{\"sku\":\"../etc\",\"quantity\":1}]}")) {
			this.mvc
				.perform(post("/web/api/orders").with(user("alice"))
					.with(browserCsrf())
					.contentType(MediaType.APPLICATION_JSON)
					.content(invalid))
				.andExpect(status().isBadRequest())
				.andExpect(header().string("Content-Type", startsWith("application/problem+json")))
				.andExpect(jsonPath("$.errors").isNotEmpty());
		}
		this.mvc
			.perform(post("/web/api/orders").with(user("alice"))
				.with(browserCsrf())
				.contentType(MediaType.APPLICATION_JSON)
				.content("{nope"))
			.andExpect(status().isBadRequest())
			.andExpect(header().string("Content-Type", startsWith("application/problem+json")));
		String valid = "{\"lines\":[{\"sku\":\"SKU-1001\",\"quantity\":1}]}";
		this.mvc.perform(post("/web/api/orders").with(user("alice")).contentType(MediaType.APPLICATION_JSON).content(valid))
			.andExpect(status().isForbidden());
		this.mvc.perform(post("/web/api/orders").with(browserCsrf()).contentType(MediaType.APPLICATION_JSON).content(valid))
			.andExpect(status().isUnauthorized());
		verifyNoInteractions(this.orders, this.catalog);
	}

	@Test
	void theAccountCombinesProfileAndOrdersAndNeedsTheCustomersService() throws Exception {
		given(this.customers.customer("c-1001")).willReturn(new Customer("c-1001", "Alice", "a@example.com", "GOLD"));
		given(this.orders.ordersOf("c-1001", 5)).willReturn(List.of(order("o-1")));
		given(this.catalog.products(List.of("SKU-1001"))).willReturn(List.of(product("SKU-1001")));
		this.mvc.perform(get("/web/api/account")).andExpect(status().isUnauthorized());

		this.mvc.perform(get("/web/api/account").with(user("alice")))
			.andExpect(status().isOk())
			.andExpect(header().string("Cache-Control", "no-store"))
			.andExpect(header().string("Vary", containsString("Cookie")))
			.andExpect(jsonPath("$.name").value("Alice"))
			.andExpect(jsonPath("$.recentOrders[0].lines[0].name").value("Product SKU-1001"))
			.andExpect(jsonPath("$.recentOrders[0].total").value("179.80"));

		given(this.customers.customer("c-1001"))
			.willThrow(new UpstreamUnavailableException("customers", Duration.ofSeconds(7), null));
		this.mvc.perform(get("/web/api/account").with(user("alice")))
			.andExpect(status().isServiceUnavailable())
			.andExpect(header().exists("Retry-After"));
	}

	@Test
	void jsonLoginNeedsCsrfAndAnswersWhoIsLoggedIn() throws Exception {
		String credentials = "{\"username\":\"alice\",\"password\":\"wonderland\"}";
		this.mvc.perform(post("/web/api/session").contentType(MediaType.APPLICATION_JSON).content(credentials))
			.andExpect(status().isForbidden());

		this.mvc
			.perform(post("/web/api/session").with(browserCsrf())
				.contentType(MediaType.APPLICATION_JSON)
				.content(credentials))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.username").value("alice"))
			.andExpect(jsonPath("$.customerId").value("c-1001"))
			.andExpect(header().string("Cache-Control", "no-store"));
	}

}
