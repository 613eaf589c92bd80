package dev.prism.partner;

import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.ApplicationModuleTest.BootstrapMode;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import dev.prism.upstream.Availability;
import dev.prism.upstream.CatalogClient;
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
import dev.prism.upstream.RecommendationsClient;
import dev.prism.upstream.ReviewsClient;
import dev.prism.upstream.UpstreamNotFoundException;
import dev.prism.upstream.UpstreamUnavailableException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The partner module bootstrapped with only what it depends on ({@code upstream}, {@code platform}), every upstream
 * client mocked, and real API keys through the channel's own chain (scopes, quotas): what the BFF asks of each
 * service, and that a partner gets complete records or an error, never a partial answer.
 */
@ApplicationModuleTest(mode = BootstrapMode.DIRECT_DEPENDENCIES)
@AutoConfigureMockMvc
@TestPropertySource(locations = "classpath:offline-upstreams.properties",
		properties = { "prism.partner.page-token-secret=test-page-token-secret-0123456789abcdef",
				// acme-demo-key: both scopes, orders for c-1001; globex-demo-key: catalog:read only
				"prism.partner.clients.acme.key-sha256=8676d15d94dabdd1283e6c407e2bb08a7b5c13b4e3667d4795c17172e080a3d4",
				"prism.partner.clients.acme.scopes=catalog:read,orders:write",
				"prism.partner.clients.acme.requests-per-minute=600", "prism.partner.clients.acme.customer-id=c-1001",
				"prism.partner.clients.globex.key-sha256=2e2764ef486a4aa498e60ef5ed6b88ce7dd8bfc8b3309c5c15950a5c3d1a8c20",
				"prism.partner.clients.globex.scopes=catalog:read",
				"prism.partner.clients.globex.customer-id=c-1002" })
class PartnerModuleTests {

	static final String ACME = "acme-demo-key";

	static final String GLOBEX = "globex-demo-key";

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
		return new Product(sku, "Product " + sku, "Northpeak", "shoes", "About " + sku,
				List.of(new ProductImage("https://img.example/" + sku + "/main.jpg", 1200, 1200)), Map.of(),
				Instant.parse("2026-11-01T10:00:00Z"));
	}

	static Price price(String sku, String amount) {
		return new Price(sku, "EUR", amount, "99.00", 10);
	}

	static Availability stock(String sku, Availability.StockStatus status) {
		return new Availability(sku, status, 12);
	}

	static Order order(String id, String customerId) {
		return new Order(id, customerId, Order.Status.PLACED, List.of(new Order.Line("SKU-1001", 2, "89.90")),
				new Money("EUR", "179.80"), Instant.parse("2026-11-24T10:00:00Z"));
	}

	static MockHttpServletRequestBuilder asAcme(MockHttpServletRequestBuilder request) {
		return request.header("X-Api-Key", ACME);
	}

	@Test
	void aProductIsACompleteRecordWithQuotaHeaders() throws Exception {
		given(this.catalog.product("SKU-1001")).willReturn(product("SKU-1001"));
		given(this.pricing.prices(List.of("SKU-1001"))).willReturn(Map.of("SKU-1001", price("SKU-1001", "89.90")));
		given(this.inventory.availability(List.of("SKU-1001")))
			.willReturn(Map.of("SKU-1001", stock("SKU-1001", Availability.StockStatus.IN_STOCK)));

		this.mvc.perform(asAcme(get("/partner/api/v1/products/SKU-1001")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.sku").value("SKU-1001"))
			.andExpect(jsonPath("$.price.amount").value("89.90"))
			.andExpect(jsonPath("$.price.currency").value("EUR"))
			.andExpect(jsonPath("$.price.listAmount").value("99.00"))
			.andExpect(jsonPath("$.availability.status").value("IN_STOCK"))
			.andExpect(jsonPath("$.availability.quantity").value(12))
			.andExpect(jsonPath("$.images[0]").value("https://img.example/SKU-1001/main.jpg"))
			.andExpect(jsonPath("$.updatedAt").value("2026-11-01T10:00:00Z"))
			.andExpect(header().string("RateLimit-Limit", "600"))
			.andExpect(header().exists("RateLimit-Remaining"))
			.andExpect(header().exists("RateLimit-Reset"));
		verify(this.catalog, times(1)).product("SKU-1001");
		verifyNoInteractions(this.reviews, this.recommendations, this.customers, this.orders);
	}

	@Test
	void aSkuWithoutPriceIsNullNotAFailureAndUnknownStockIsUnknown() throws Exception {
		given(this.catalog.product("SKU-1001")).willReturn(product("SKU-1001"));
		given(this.pricing.prices(List.of("SKU-1001"))).willReturn(Map.of());
		given(this.inventory.availability(List.of("SKU-1001"))).willReturn(Map.of());

		this.mvc.perform(asAcme(get("/partner/api/v1/products/SKU-1001")))
			.andExpect(status().isOk())
			.andExpect(content().json("{\"sku\":\"SKU-1001\",\"price\":null}"))
			.andExpect(jsonPath("$.availability.status").value("UNKNOWN"));
	}

	@Test
	void aMissingSectionIsA503WithRetryAfterNeverAPartialRecord() throws Exception {
		given(this.catalog.product("SKU-1001")).willReturn(product("SKU-1001"));
		given(this.pricing.prices(List.of("SKU-1001"))).willReturn(Map.of("SKU-1001", price("SKU-1001", "89.90")));
		given(this.inventory.availability(anyCollection()))
			.willThrow(new UpstreamUnavailableException("inventory", Duration.ofSeconds(5), null));

		this.mvc.perform(asAcme(get("/partner/api/v1/products/SKU-1001")))
			.andExpect(status().isServiceUnavailable())
			.andExpect(header().string("Retry-After", "5"))
			.andExpect(jsonPath("$.type").value("urn:prism:problem:upstream-unavailable"))
			.andExpect(jsonPath("$.sku").doesNotExist());

		given(this.catalog.product("SKU-404")).willThrow(new UpstreamNotFoundException("No such product."));
		this.mvc.perform(asAcme(get("/partner/api/v1/products/SKU-404")))
			.andExpect(status().isNotFound())
			.andExpect(jsonPath("$.type").value("urn:prism:problem:not-found"));
	}

	@Test
	void theFeedPagesByTokenWithOneBatchCallPerSectionAndPage() throws Exception {
		// Given a catalog of 7 products, 5 a page, all priced and in stock
		List<Product> all = IntStream.range(0, 7).mapToObj(i -> product("SKU-" + (3000 + i))).toList();
		given(this.catalog.search(null, null, 0, 5)).willReturn(new ProductPage(all.subList(0, 5), 0, 5, 7));
		given(this.catalog.search(null, null, 1, 5)).willReturn(new ProductPage(all.subList(5, 7), 1, 5, 7));
		given(this.pricing.prices(anyCollection())).willAnswer(call -> {
			Map<String, Price> prices = new java.util.HashMap<>();
			call.<java.util.Collection<String>>getArgument(0).forEach(sku -> prices.put(sku, price(sku, "12.50")));
			return prices;
		});
		given(this.inventory.availability(anyCollection())).willAnswer(call -> {
			Map<String, Availability> stock = new java.util.HashMap<>();
			call.<java.util.Collection<String>>getArgument(0)
				.forEach(sku -> stock.put(sku, stock(sku, Availability.StockStatus.IN_STOCK)));
			return stock;
		});

		// When the partner follows the page token, asking for another size on the way
		String first = this.mvc.perform(asAcme(get("/partner/api/v1/products?pageSize=5")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.items.length()").value(5))
			.andExpect(jsonPath("$.items[0].sku").value("SKU-3000"))
			.andExpect(jsonPath("$.items[0].price.amount").value("12.50"))
			.andExpect(jsonPath("$.items[0].availability.status").value("IN_STOCK"))
			.andExpect(header().string("Cache-Control", containsString("private")))
			.andReturn()
			.getResponse()
			.getContentAsString();
		String token = json.readTree(first).get("nextPageToken").asText();
		this.mvc.perform(asAcme(get("/partner/api/v1/products").param("pageToken", token).param("pageSize", "50")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.items.length()").value(2))
			.andExpect(jsonPath("$.items[1].sku").value("SKU-3006"))
			.andExpect(jsonPath("$.nextPageToken").doesNotExist());

		// Then each page was one catalog call at the first page's size, and one batch call per section
		verify(this.catalog).search(null, null, 1, 5);
		verify(this.catalog, times(2)).search(any(), any(), anyInt(), anyInt());
		verify(this.pricing).prices(List.of("SKU-3000", "SKU-3001", "SKU-3002", "SKU-3003", "SKU-3004"));
		verify(this.pricing).prices(List.of("SKU-3005", "SKU-3006"));
		verify(this.inventory, times(2)).availability(anyCollection());
	}

	@Test
	void theFeedIsStrictWhenPricingIsDown() throws Exception {
		given(this.catalog.search(null, null, 0, 50))
			.willReturn(new ProductPage(List.of(product("SKU-3000")), 0, 50, 1));
		given(this.pricing.prices(anyCollection()))
			.willThrow(new UpstreamUnavailableException("pricing", Duration.ofSeconds(3), null));
		given(this.inventory.availability(anyCollection())).willReturn(Map.of());

		this.mvc.perform(asAcme(get("/partner/api/v1/products")))
			.andExpect(status().isServiceUnavailable())
			.andExpect(header().string("Retry-After", "3"))
			.andExpect(jsonPath("$.items").doesNotExist());
	}

	@Test
	void availabilityAnswersTheKnownSkusOfOneBatchCall() throws Exception {
		given(this.inventory.availability(List.of("SKU-1001", "SKU-9999")))
			.willReturn(Map.of("SKU-1001", stock("SKU-1001", Availability.StockStatus.LOW_STOCK)));

		this.mvc.perform(asAcme(get("/partner/api/v1/availability?skus=SKU-1001, SKU-9999,SKU-1001")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.items.length()").value(1))
			.andExpect(jsonPath("$.items[0].sku").value("SKU-1001"))
			.andExpect(jsonPath("$.items[0].status").value("LOW_STOCK"));
		verify(this.inventory, times(1)).availability(anyCollection());
		verifyNoInteractions(this.catalog, this.pricing);
	}

	@Test
	void anOrderNeedsAKeyAndTheSameKeyPlacesOneOrderForThePartnersAccount() throws Exception {
		PlaceOrder expected = new PlaceOrder("c-1001", "partner", List.of(new PlaceOrder.Line("SKU-1001", 2)));
		given(this.orders.place(expected, "acme:po-1")).willReturn(order("o-501", "c-1001"));
		String body = "{\"lines\":[{\"sku\":\"SKU-1001\",\"quantity\":2}]}";

		// Without a key nothing is placed
		this.mvc.perform(asAcme(post("/partner/api/v1/orders")).contentType(MediaType.APPLICATION_JSON).content(body))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.type").value("urn:prism:problem:idempotency-key-required"));
		verifyNoInteractions(this.orders);

		// The same key twice: one order, the second answer replayed
		this.mvc.perform(placeOrder(body, "po-1"))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.id").value("o-501"))
			.andExpect(jsonPath("$.total").value("179.80"))
			.andExpect(jsonPath("$.currency").value("EUR"))
			.andExpect(header().string("Location", "/partner/api/v1/orders/o-501"))
			.andExpect(header().doesNotExist("Idempotent-Replayed"));
		this.mvc.perform(placeOrder(body, "po-1"))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.id").value("o-501"))
			.andExpect(header().string("Idempotent-Replayed", "true"));

		// The same key with another body is refused
		this.mvc.perform(placeOrder(body.replace("2}", "5}"), "po-1")).andExpect(status().is(422));
		verify(this.orders, times(1)).place(any(), any());
	}

	@Test
	void aPartnerSeesOnlyItsOwnOrdersAndOthersAreAsUnknownAsMissingOnes() throws Exception {
		given(this.orders.order("o-acme")).willReturn(order("o-acme", "c-1001"));
		given(this.orders.order("o-other")).willReturn(order("o-other", "c-1002"));
		given(this.orders.order("o-none")).willThrow(new UpstreamNotFoundException("No such order."));

		this.mvc.perform(asAcme(get("/partner/api/v1/orders/o-acme")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.id").value("o-acme"))
			.andExpect(jsonPath("$.lines[0].unitPrice").value("89.90"));
		String foreign = this.mvc.perform(asAcme(get("/partner/api/v1/orders/o-other")))
			.andExpect(status().isNotFound())
			.andReturn()
			.getResponse()
			.getContentAsString();
		String unknown = this.mvc.perform(asAcme(get("/partner/api/v1/orders/o-none")))
			.andExpect(status().isNotFound())
			.andReturn()
			.getResponse()
			.getContentAsString();
		org.assertj.core.api.Assertions.assertThat(json.readTree(foreign).get("detail"))
			.isEqualTo(json.readTree(unknown).get("detail"));
	}

	@Test
	void unknownOrMissingKeysAre401AndAKeyWithoutTheScopeIs403() throws Exception {
		for (String key : new String[] { null, "nope", ACME + "x" }) {
			MockHttpServletRequestBuilder request = get("/partner/api/v1/products/SKU-1001");
			this.mvc.perform(key == null ? request : request.header("X-Api-Key", key))
				.andExpect(status().isUnauthorized())
				.andExpect(header().string("WWW-Authenticate", containsString("X-Api-Key")))
				.andExpect(jsonPath("$.type").value("urn:prism:problem:unauthorized"));
		}
		this.mvc.perform(get("/partner/api/v1/orders/o-1").header("X-Api-Key", GLOBEX))
			.andExpect(status().isForbidden())
			.andExpect(jsonPath("$.type").value("urn:prism:problem:forbidden"));
		this.mvc
			.perform(post("/partner/api/v1/orders").header("X-Api-Key", GLOBEX)
				.header("Idempotency-Key", "po-2")
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"lines\":[{\"sku\":\"SKU-1001\",\"quantity\":2}]}"))
			.andExpect(status().isForbidden());
		verifyNoInteractions(this.catalog, this.pricing, this.inventory, this.orders);
	}

	private static MockHttpServletRequestBuilder placeOrder(String body, String idempotencyKey) {
		return asAcme(post("/partner/api/v1/orders")).header("Idempotency-Key", idempotencyKey)
			.contentType(MediaType.APPLICATION_JSON)
			.content(body);
	}

}
