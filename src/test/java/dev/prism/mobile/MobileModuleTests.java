package dev.prism.mobile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

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
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import dev.prism.platform.experiments.Experiments;
import dev.prism.testing.EndToEndTestSupport;
import dev.prism.testing.TestTokens;
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
import dev.prism.upstream.ProductPage;
import dev.prism.upstream.ProductReviews;
import dev.prism.upstream.RecommendationsClient;
import dev.prism.upstream.ReviewsClient;
import dev.prism.upstream.UpstreamNotFoundException;
import dev.prism.upstream.UpstreamUnavailableException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The mobile module bootstrapped with only what it depends on ({@code upstream}, {@code platform}), every upstream
 * client mocked, and real app tokens through the channel's own security chain: what the BFF asks of each service and
 * how compactly it shapes the answers.
 */
@ApplicationModuleTest(mode = BootstrapMode.DIRECT_DEPENDENCIES)
@AutoConfigureMockMvc
@TestPropertySource(locations = "classpath:offline-upstreams.properties",
		properties = { "prism.mobile.jwt.secret=" + EndToEndTestSupport.JWT_SECRET,
				"prism.mobile.cursor-secret=test-cursor-secret-0123456789abcdef",
				"prism.mobile.bad-tokens.max-failures=1000",
				"prism.mobile.experiments.feed-layout.variants=compact,cards",
				"prism.mobile.experiments.feed-layout.weights=50,50" })
class MobileModuleTests {

	static final String ALICE = TestTokens.bearer(TestTokens.mobile("c-1001"));

	static final Experiments.Definition FEED_LAYOUT = new Experiments.Definition(List.of("compact", "cards"),
			List.of(50, 50));

	private static final JsonMapper json = JsonMapper.builder().build();

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

	static Product product(String sku) {
		return new Product(sku, "Product " + sku, "Northpeak", "shoes", "A long description of " + sku,
				List.of(new ProductImage("https://img.example/" + sku + "/main.jpg", 1200, 1200)), Map.of(),
				Instant.parse("2026-11-01T10:00:00Z"));
	}

	static Price price(String sku, String amount) {
		return new Price(sku, "EUR", amount, amount, 0);
	}

	static Order order(String id, int quantity, String total) {
		return new Order(id, "c-1001", Order.Status.PLACED, List.of(new Order.Line("SKU-1001", quantity, "5.00")),
				new Money("EUR", total), Instant.parse("2026-11-20T09:30:00Z"));
	}

	/** The catalog's pages of {@code size} over {@code count} products SKU-2000, SKU-2001, ... */
	void catalogOf(int count, int size) {
		List<Product> all = IntStream.range(0, count).mapToObj(i -> product("SKU-" + (2000 + i))).toList();
		for (int page = 0; page * size < count; page++) {
			given(this.catalog.search(null, null, page, size)).willReturn(new ProductPage(
					all.subList(page * size, Math.min(count, (page + 1) * size)), page, size, count));
		}
		given(this.pricing.prices(anyCollection())).willAnswer(call -> {
			Map<String, Price> prices = new java.util.HashMap<>();
			call.<java.util.Collection<String>>getArgument(0).forEach(sku -> prices.put(sku, price(sku, "10.00")));
			return prices;
		});
		given(this.inventory.availability(anyCollection())).willReturn(Map.of());
	}

	@Test
	void theProductScreenAsksEachServiceOnceAndIsCompact() throws Exception {
		given(this.catalog.product("SKU-1001")).willReturn(product("SKU-1001"));
		given(this.pricing.prices(List.of("SKU-1001"))).willReturn(Map.of("SKU-1001", price("SKU-1001", "89.90")));
		given(this.inventory.availability(List.of("SKU-1001"))).willReturn(
				Map.of("SKU-1001", new Availability("SKU-1001", Availability.StockStatus.LOW_STOCK, 3)));
		given(this.reviews.reviews("SKU-1001", 0)).willReturn(new ProductReviews("SKU-1001", 4.4, 87, List.of()));

		this.mvc.perform(get("/mobile/api/products/SKU-1001").header("Authorization", ALICE))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.price").value("€89.90"))
			.andExpect(jsonPath("$.thumbnail").value("https://img.example/SKU-1001/main.jpg?w=240"))
			.andExpect(jsonPath("$.inStock").value(true))
			.andExpect(jsonPath("$.rating").value(4.4))
			.andExpect(jsonPath("$.reviews").value(87))
			.andExpect(jsonPath("$.description").doesNotExist())
			.andExpect(jsonPath("$.degraded").doesNotExist())
			.andExpect(header().string("Cache-Control", containsString("private")));
		verify(this.catalog, times(1)).product("SKU-1001");
		verify(this.pricing, times(1)).prices(anyCollection());
		verify(this.inventory, times(1)).availability(anyCollection());
		verifyNoInteractions(this.recommendations, this.customers, this.orders);

		this.mvc.perform(get("/mobile/api/products/SKU-1001?include=description").header("Authorization", ALICE))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.description").value("A long description of SKU-1001"));
	}

	@Test
	void aFailedOptionalSectionIsDegradedAndAMissingProductIs404() throws Exception {
		given(this.catalog.product("SKU-1001")).willReturn(product("SKU-1001"));
		given(this.pricing.prices(anyCollection()))
			.willThrow(new UpstreamUnavailableException("pricing", Duration.ofSeconds(5), null));
		given(this.inventory.availability(anyCollection())).willReturn(Map.of());
		given(this.reviews.reviews("SKU-1001", 0)).willReturn(new ProductReviews("SKU-1001", 4.4, 87, List.of()));

		this.mvc.perform(get("/mobile/api/products/SKU-1001").header("Authorization", ALICE))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.price").isEmpty())
			.andExpect(jsonPath("$.degraded.length()").value(1))
			.andExpect(jsonPath("$.degraded[0]").value("price"))
			.andExpect(jsonPath("$.inStock").value(false))
			.andExpect(jsonPath("$.rating").value(4.4));

		given(this.catalog.product("SKU-404")).willThrow(new UpstreamNotFoundException("No such product."));
		this.mvc.perform(get("/mobile/api/products/SKU-404").header("Authorization", ALICE))
			.andExpect(status().isNotFound())
			.andExpect(header().string("Content-Type", startsWith("application/problem+json")))
			.andExpect(jsonPath("$.type").value("urn:prism:problem:not-found"));
	}

	@Test
	void theFeedPagesByCursorAtTheSizeTheFirstPageFixed() throws Exception {
		// Given a catalog of 25 products, 10 a page
		catalogOf(25, 10);

		// When the app pages through the feed, asking for other sizes on the way
		String first = this.mvc.perform(get("/mobile/api/feed?limit=10").header("Authorization", ALICE))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.items.length()").value(10))
			.andExpect(jsonPath("$.items[0].sku").value("SKU-2000"))
			.andExpect(jsonPath("$.items[0].thumbnail").value("https://img.example/SKU-2000/main.jpg?w=240"))
			.andExpect(jsonPath("$.items[0].price").value("€10.00"))
			.andExpect(jsonPath("$.items[0].inStock").value(false))
			.andExpect(header().string("Cache-Control", containsString("private")))
			.andReturn()
			.getResponse()
			.getContentAsString();
		String second = this.mvc
			.perform(get("/mobile/api/feed").param("cursor", nextCursor(first))
				.param("limit", "50")
				.header("Authorization", ALICE))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.items[0].sku").value("SKU-2010"))
			.andReturn()
			.getResponse()
			.getContentAsString();
		this.mvc.perform(get("/mobile/api/feed").param("cursor", nextCursor(second)).header("Authorization", ALICE))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.items.length()").value(5))
			.andExpect(jsonPath("$.items[4].sku").value("SKU-2024"))
			.andExpect(jsonPath("$.nextCursor").doesNotExist());

		// Then each page was one catalog call at the first page's size, and one price call for its skus
		verify(this.catalog).search(null, null, 0, 10);
		verify(this.catalog).search(null, null, 1, 10);
		verify(this.catalog).search(null, null, 2, 10);
		verify(this.catalog, times(3)).search(any(), any(), anyInt(), anyInt());
		verify(this.pricing, times(3)).prices(anyCollection());
	}

	@Test
	void theFeedDegradesPricesAndCarriesTheVariantOfTheTokensSubject() throws Exception {
		catalogOf(3, 20);
		given(this.pricing.prices(anyCollection()))
			.willThrow(new UpstreamUnavailableException("pricing", Duration.ofSeconds(5), null));

		this.mvc.perform(get("/mobile/api/feed").header("Authorization", ALICE))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.items.length()").value(3))
			.andExpect(jsonPath("$.items[0].price").isEmpty())
			.andExpect(jsonPath("$.degraded[0]").value("price"))
			.andExpect(jsonPath("$.nextCursor").doesNotExist());

		// Every customer sees the variant of its own id, whichever token of theirs the app sends
		for (int customer = 1001; customer <= 1008; customer++) {
			String subject = "c-" + customer;
			this.mvc.perform(get("/mobile/api/feed").header("Authorization", TestTokens.bearer(TestTokens.mobile(subject))))
				.andExpect(status().isOk())
				.andExpect(jsonPath("$.experiments.feed-layout")
					.value(Experiments.assign("feed-layout", FEED_LAYOUT, subject)));
		}
	}

	@Test
	void meShowsTheProfileAndLastOrdersCompactly() throws Exception {
		given(this.customers.customer("c-1001"))
			.willReturn(new Customer("c-1001", "Alice Example", "a@example.com", "GOLD"));
		given(this.orders.ordersOf("c-1001", 3)).willReturn(List.of(order("o-1", 2, "10.00")));

		this.mvc.perform(get("/mobile/api/me").header("Authorization", ALICE))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.name").value("Alice Example"))
			.andExpect(jsonPath("$.tier").value("GOLD"))
			.andExpect(jsonPath("$.email").doesNotExist())
			.andExpect(jsonPath("$.orders[0].id").value("o-1"))
			.andExpect(jsonPath("$.orders[0].total").value("€10.00"))
			.andExpect(jsonPath("$.orders[0].items").value(2))
			.andExpect(header().string("Cache-Control", containsString("private")));
		verifyNoInteractions(this.catalog);
	}

	@Test
	void anOrderGoesUpstreamOnceForTheTokensSubjectWithItsScopedKey() throws Exception {
		PlaceOrder expected = new PlaceOrder("c-1001", "mobile", List.of(new PlaceOrder.Line("SKU-1001", 1)));
		given(this.orders.place(expected, "c-1001:tap-1")).willReturn(order("o-9", 1, "89.90"));
		String body = "{\"lines\":[{\"sku\":\"SKU-1001\",\"quantity\":1}]}";

		this.mvc.perform(placeOrder(body, "tap-1"))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.id").value("o-9"))
			.andExpect(jsonPath("$.total").value("€89.90"))
			.andExpect(header().doesNotExist("Idempotent-Replayed"));
		this.mvc.perform(placeOrder(body, "tap-1"))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.id").value("o-9"))
			.andExpect(header().string("Idempotent-Replayed", "true"));
		verify(this.orders, times(1)).place(any(), any());
	}

	@Test
	void withoutAKeyEachOrderGetsItsOwnAndAnInvalidOneReachesNoService() throws Exception {
		given(this.orders.place(any(), any())).willReturn(order("o-10", 1, "5.00"));
		String body = "{\"lines\":[{\"sku\":\"SKU-1001\",\"quantity\":1}]}";
		for (int i = 0; i < 2; i++) {
			this.mvc.perform(placeOrder(body, null))
				.andExpect(status().isCreated())
				.andExpect(header().doesNotExist("Idempotent-Replayed"));
		}
		ArgumentCaptor<String> keys = ArgumentCaptor.forClass(String.class);
		verify(this.orders, times(2)).place(any(), keys.capture());
		assertThat(keys.getAllValues()).doesNotHaveDuplicates().allSatisfy(key -> assertThat(key).startsWith("c-1001:"));

		this.mvc.perform(placeOrder("{\"lines\":[{\"sku\":\"SKU-1001\",\"quantity\":0}]}", null))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors").isNotEmpty());
		verify(this.orders, times(2)).place(any(), any());
	}

	@Test
	void badOrMissingTokensAre401ProblemDetailsWithABearerChallengeAndReachNoService() throws Exception {
		List<String> bad = List.of(TestTokens.unsigned("c-1001"),
				TestTokens.mobile("c-1001", List.of("mobile"), Instant.now().plusSeconds(600),
						"another-secret-another-secret-another-secret"),
				TestTokens.mobile("c-1001", List.of("mobile"), Instant.now().minusSeconds(3600),
						EndToEndTestSupport.JWT_SECRET),
				TestTokens.mobile("c-1001", List.of("web"), Instant.now().plusSeconds(600),
						EndToEndTestSupport.JWT_SECRET),
				TestTokens.mobile("c-1001", List.of("mobile"), null, EndToEndTestSupport.JWT_SECRET), "not-a-jwt");
		for (String token : bad) {
			this.mvc.perform(get("/mobile/api/products/SKU-1001").header("Authorization", TestTokens.bearer(token)))
				.andExpect(status().isUnauthorized())
				.andExpect(header().string("WWW-Authenticate", startsWith("Bearer")))
				.andExpect(jsonPath("$.type").value("urn:prism:problem:unauthorized"));
		}
		this.mvc.perform(get("/mobile/api/products/SKU-1001"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string("WWW-Authenticate", startsWith("Bearer")));
		this.mvc
			.perform(post("/mobile/api/orders").contentType(MediaType.APPLICATION_JSON)
				.content("{\"lines\":[{\"sku\":\"SKU-1001\",\"quantity\":1}]}"))
			.andExpect(status().isUnauthorized());
		verifyNoInteractions(this.catalog, this.pricing, this.inventory, this.reviews, this.customers, this.orders);
	}

	private static MockHttpServletRequestBuilder placeOrder(String body, String idempotencyKey) {
		MockHttpServletRequestBuilder request = post("/mobile/api/orders").header("Authorization", ALICE)
			.contentType(MediaType.APPLICATION_JSON)
			.content(body);
		return idempotencyKey == null ? request : request.header("Idempotency-Key", idempotencyKey);
	}

	private static String nextCursor(String feed) {
		return json.readTree(feed).get("nextCursor").asText();
	}

}
