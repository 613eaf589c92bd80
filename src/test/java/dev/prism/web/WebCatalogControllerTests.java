package dev.prism.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.cookie;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.Cookie;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

import dev.prism.platform.experiments.Experiments;
import dev.prism.upstream.Availability;
import dev.prism.upstream.CatalogClient;
import dev.prism.upstream.InventoryClient;
import dev.prism.upstream.Price;
import dev.prism.upstream.PricingClient;
import dev.prism.upstream.Product;
import dev.prism.upstream.ProductImage;
import dev.prism.upstream.ProductPage;
import dev.prism.upstream.UpstreamUnavailableException;

/**
 * The home page and search in a slice, behind the web chain: the featured products and results with price and stock,
 * what degrades and what does not, search parameters, caching, and the anonymous visitor's experiment cookie.
 */
@WebSliceTest
class WebCatalogControllerTests {

	static final Experiments.Definition HOME_LAYOUT = new Experiments.Definition(List.of("grid", "carousel"),
			List.of(50, 50));

	@Autowired
	MockMvc mvc;

	@Autowired
	CatalogClient catalog;

	@Autowired
	PricingClient pricing;

	@Autowired
	InventoryClient inventory;

	static Product product(String sku) {
		return new Product(sku, "Product " + sku, "Northpeak", "shoes", "About " + sku,
				List.of(new ProductImage("https://img.example/" + sku + "/main.jpg", 1200, 1200)), Map.of(),
				Instant.parse("2026-11-01T10:00:00Z"));
	}

	static ProductPage page(int page, int size, String... skus) {
		return new ProductPage(java.util.Arrays.stream(skus).map(WebCatalogControllerTests::product).toList(), page,
				size, skus.length);
	}

	void pricesAndStockOfThree() {
		given(this.pricing.prices(List.of("SKU-1001", "SKU-1002", "SKU-1003")))
			.willReturn(Map.of("SKU-1001", new Price("SKU-1001", "EUR", "89.90", "109.90", 18), "SKU-1002",
					new Price("SKU-1002", "EUR", "49.00", "49.00", 0)));
		given(this.inventory.availability(List.of("SKU-1001", "SKU-1002", "SKU-1003"))).willReturn(Map.of("SKU-1001",
				new Availability("SKU-1001", Availability.StockStatus.IN_STOCK, 12), "SKU-1002",
				new Availability("SKU-1002", Availability.StockStatus.OUT_OF_STOCK, 0), "SKU-1003",
				new Availability("SKU-1003", Availability.StockStatus.LOW_STOCK, 2)));
	}

	@Test
	void theHomePageFeaturesTheCatalogsFirstPageWithPriceAndStock() throws Exception {
		given(this.catalog.search(null, null, 0, 8)).willReturn(page(0, 8, "SKU-1001", "SKU-1002", "SKU-1003"));
		pricesAndStockOfThree();

		this.mvc.perform(get("/web/api/home"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.featured.length()").value(3))
			.andExpect(jsonPath("$.featured[0].name").value("Product SKU-1001"))
			.andExpect(jsonPath("$.featured[0].thumbnail").value("https://img.example/SKU-1001/main.jpg?w=480"))
			.andExpect(jsonPath("$.featured[0].price.amount").value("89.90"))
			.andExpect(jsonPath("$.featured[0].availability.status").value("IN_STOCK"))
			.andExpect(jsonPath("$.featured[1].availability.inStock").value(false))
			.andExpect(jsonPath("$.featured[2].price").isEmpty())
			.andExpect(jsonPath("$.degraded").isEmpty())
			.andExpect(header().string("Cache-Control", containsString("private")))
			.andExpect(header().string("Vary", containsString("Cookie")));
	}

	@Test
	void searchResultsArePublicForAShortTimeUnlessSomethingIsMissing() throws Exception {
		given(this.catalog.search("runner", "shoes", 2, 20))
			.willReturn(new ProductPage(page(2, 20, "SKU-1001", "SKU-1002", "SKU-1003").items(), 2, 20, 43));
		pricesAndStockOfThree();

		this.mvc.perform(get("/web/api/products?q=runner&category=shoes&page=2"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.items.length()").value(3))
			.andExpect(jsonPath("$.items[0].price.amount").value("89.90"))
			.andExpect(jsonPath("$.items[2].availability.status").value("LOW_STOCK"))
			.andExpect(jsonPath("$.page").value(2))
			.andExpect(jsonPath("$.total").value(43))
			.andExpect(jsonPath("$.hasNext").value(false))
			.andExpect(header().string("Cache-Control", "max-age=30, public"));

		// When stock is missing, the page still answers but is not worth caching
		given(this.inventory.availability(anyCollection()))
			.willThrow(new UpstreamUnavailableException("inventory", Duration.ofSeconds(5), null));
		this.mvc.perform(get("/web/api/products?q=runner&category=shoes&page=2"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.degraded[0]").value("availability"))
			.andExpect(jsonPath("$.items[0].availability").doesNotExist())
			.andExpect(jsonPath("$.items[0].price.amount").value("89.90"))
			.andExpect(header().string("Cache-Control", not(containsString("public"))));
	}

	@Test
	void homeAndSearchDegradePriceAndStockButNotTheCatalog() throws Exception {
		given(this.catalog.search(null, null, 0, 8)).willReturn(page(0, 8, "SKU-1001", "SKU-1002", "SKU-1003"));
		given(this.catalog.search(null, null, 0, 20)).willReturn(page(0, 20, "SKU-1001", "SKU-1002", "SKU-1003"));
		pricesAndStockOfThree();
		given(this.pricing.prices(anyCollection()))
			.willThrow(new UpstreamUnavailableException("pricing", Duration.ofSeconds(5), null));

		this.mvc.perform(get("/web/api/home"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.degraded.length()").value(1))
			.andExpect(jsonPath("$.degraded[0]").value("price"))
			.andExpect(jsonPath("$.featured[0].price").isEmpty())
			.andExpect(jsonPath("$.featured[0].availability.status").value("IN_STOCK"));

		given(this.inventory.availability(anyCollection()))
			.willThrow(new UpstreamUnavailableException("inventory", Duration.ofSeconds(5), null));
		this.mvc.perform(get("/web/api/products"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.degraded[0]").value("price"))
			.andExpect(jsonPath("$.degraded[1]").value("availability"))
			.andExpect(jsonPath("$.items.length()").value(3))
			.andExpect(jsonPath("$.items[1].availability").doesNotExist());

		// Without the catalog there is no page at all
		given(this.catalog.search(null, null, 0, 20))
			.willThrow(new UpstreamUnavailableException("catalog", Duration.ofSeconds(7), null));
		this.mvc.perform(get("/web/api/products"))
			.andExpect(status().isServiceUnavailable())
			.andExpect(header().string("Retry-After", "7"))
			.andExpect(jsonPath("$.type").value("urn:prism:problem:upstream-unavailable"));
	}

	@Test
	void searchParametersOutOfBoundsAre400AndReachNoService() throws Exception {
		for (String query : List.of("page=-1", "page=1001", "page=two", "category=Shoes!", "q=" + "x".repeat(101))) {
			this.mvc.perform(get("/web/api/products?" + query))
				.andExpect(status().isBadRequest())
				.andExpect(jsonPath("$.type").value("urn:prism:problem:invalid-request"));
		}
		verifyNoInteractions(this.catalog, this.pricing, this.inventory);
	}

	@Test
	void anAnonymousVisitorGetsAnHttpOnlyVisitorCookieThatKeepsItsVariant() throws Exception {
		given(this.catalog.search(null, null, 0, 8)).willReturn(page(0, 8, "SKU-1001"));
		given(this.pricing.prices(anyCollection())).willReturn(Map.of());
		given(this.inventory.availability(anyCollection())).willReturn(Map.of());

		// Given a first visit: a new visitor id in an HttpOnly, Lax cookie kept for 90 days
		Cookie visitor = this.mvc.perform(get("/web/api/home"))
			.andExpect(status().isOk())
			.andExpect(cookie().httpOnly(WebCatalogController.VISITOR_COOKIE, true))
			.andExpect(cookie().sameSite(WebCatalogController.VISITOR_COOKIE, "Lax"))
			.andExpect(cookie().path(WebCatalogController.VISITOR_COOKIE, "/"))
			.andExpect(cookie().maxAge(WebCatalogController.VISITOR_COOKIE, (int) Duration.ofDays(90).toSeconds()))
			.andReturn()
			.getResponse()
			.getCookie(WebCatalogController.VISITOR_COOKIE);
		assertThat(visitor.getValue()).matches("[0-9a-f-]{36}");

		// When it comes back with it, its variant is the one of its visitor id, and no new cookie is set
		this.mvc.perform(get("/web/api/home").cookie(visitor))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.experiments.home-layout")
				.value(Experiments.assign("home-layout", HOME_LAYOUT, visitor.getValue())))
			.andExpect(cookie().doesNotExist(WebCatalogController.VISITOR_COOKIE));

		// And a cookie that is no visitor id of Prism's is replaced
		this.mvc.perform(get("/web/api/home").cookie(new Cookie(WebCatalogController.VISITOR_COOKIE, "c-1001")))
			.andExpect(status().isOk())
			.andExpect(cookie().value(WebCatalogController.VISITOR_COOKIE, not("c-1001")));
		verify(this.catalog, org.mockito.Mockito.times(3)).search(null, null, 0, 8);
	}

}
