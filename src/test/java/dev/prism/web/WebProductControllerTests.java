package dev.prism.web;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

import dev.prism.upstream.Availability;
import dev.prism.upstream.CatalogClient;
import dev.prism.upstream.InventoryClient;
import dev.prism.upstream.Price;
import dev.prism.upstream.PricingClient;
import dev.prism.upstream.Product;
import dev.prism.upstream.ProductImage;
import dev.prism.upstream.ProductReviews;
import dev.prism.upstream.RecommendationsClient;
import dev.prism.upstream.ReviewsClient;
import dev.prism.upstream.UpstreamTimeoutException;
import dev.prism.upstream.UpstreamUnavailableException;

/**
 * The product page controller in a slice, behind the web chain: which sections a failure leaves out and names, how the
 * page is cached for anonymous and logged-in callers, and the skus that never reach a service.
 */
@WebSliceTest
class WebProductControllerTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	CatalogClient catalog;

	@Autowired
	PricingClient pricing;

	@Autowired
	InventoryClient inventory;

	@Autowired
	ReviewsClient reviews;

	@Autowired
	RecommendationsClient recommendations;

	static Product product(String sku) {
		return new Product(sku, "Product " + sku, "Northpeak", "shoes", "About " + sku,
				List.of(new ProductImage("https://img.example/" + sku + "/main.jpg", 1200, 1200)), Map.of(),
				Instant.parse("2026-11-01T10:00:00Z"));
	}

	static Price price(String sku, String amount) {
		return new Price(sku, "EUR", amount, amount, 0);
	}

	/** A product page whose every service answers: SKU-1001, recommending SKU-1002 (priced) and SKU-1003 (not). */
	void healthyProductPage() {
		given(this.catalog.product("SKU-1001")).willReturn(product("SKU-1001"));
		given(this.pricing.prices(List.of("SKU-1001"))).willReturn(Map.of("SKU-1001", price("SKU-1001", "89.90")));
		given(this.inventory.availability(List.of("SKU-1001"))).willReturn(
				Map.of("SKU-1001", new Availability("SKU-1001", Availability.StockStatus.IN_STOCK, 12)));
		given(this.reviews.reviews("SKU-1001", 3)).willReturn(new ProductReviews("SKU-1001", 4.5, 10, List.of()));
		given(this.recommendations.recommendations(eq("SKU-1001"), any(), eq(4)))
			.willReturn(List.of("SKU-1002", "SKU-1003"));
		given(this.catalog.products(List.of("SKU-1002", "SKU-1003")))
			.willReturn(List.of(product("SKU-1002"), product("SKU-1003")));
		given(this.pricing.prices(List.of("SKU-1002", "SKU-1003")))
			.willReturn(Map.of("SKU-1002", price("SKU-1002", "49.00")));
		given(this.inventory.availability(List.of("SKU-1002", "SKU-1003"))).willReturn(Map.of());
	}

	@Test
	void aFailedPriceIsNoPriceForTheProductAndItsRecommendationsAndIsNamedOnce() throws Exception {
		healthyProductPage();
		given(this.pricing.prices(anyCollection())).willThrow(new UpstreamTimeoutException("pricing", null));

		this.mvc.perform(get("/web/api/products/SKU-1001"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.degraded.length()").value(1))
			.andExpect(jsonPath("$.degraded[0]").value("price"))
			.andExpect(jsonPath("$.price").isEmpty())
			.andExpect(jsonPath("$.availability.status").value("IN_STOCK"))
			.andExpect(jsonPath("$.recommendations.length()").value(2))
			.andExpect(jsonPath("$.recommendations[0].price").isEmpty())
			.andExpect(header().string("Cache-Control", not(containsString("max-age"))));
	}

	@Test
	void failedPricesOfTheRecommendationsAreNamedButTheProductKeepsItsPrice() throws Exception {
		healthyProductPage();
		given(this.pricing.prices(List.of("SKU-1002", "SKU-1003")))
			.willThrow(new UpstreamUnavailableException("pricing", Duration.ofSeconds(5), null));

		this.mvc.perform(get("/web/api/products/SKU-1001"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.price.amount").value("89.90"))
			.andExpect(jsonPath("$.recommendations.length()").value(2))
			.andExpect(jsonPath("$.recommendations[0].name").value("Product SKU-1002"))
			.andExpect(jsonPath("$.recommendations[0].price").isEmpty())
			.andExpect(jsonPath("$.degraded.length()").value(1))
			.andExpect(jsonPath("$.degraded[0]").value("price"));
	}

	@Test
	void recommendationsWhoseProductsCannotBeNamedAreLeftOut() throws Exception {
		healthyProductPage();
		given(this.catalog.products(anyCollection()))
			.willThrow(new UpstreamUnavailableException("catalog", Duration.ofSeconds(5), null));

		this.mvc.perform(get("/web/api/products/SKU-1001"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.name").value("Product SKU-1001"))
			.andExpect(jsonPath("$.price.amount").value("89.90"))
			.andExpect(jsonPath("$.recommendations").isEmpty())
			.andExpect(jsonPath("$.degraded.length()").value(1))
			.andExpect(jsonPath("$.degraded[0]").value("recommendations"));
	}

	@Test
	void recommendationsArePersonalisedForALoggedInCustomerAndThatPageIsPrivate() throws Exception {
		healthyProductPage();

		// Anonymous: everyone's recommendations, a short public cache
		this.mvc.perform(get("/web/api/products/SKU-1001"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.degraded").isEmpty())
			.andExpect(header().string("Cache-Control", "max-age=30, public"))
			.andExpect(header().string("Vary", containsString("Cookie")));
		verify(this.recommendations).recommendations("SKU-1001", null, 4);

		// Logged in: asked for the customer, and private to the session
		this.mvc.perform(get("/web/api/products/SKU-1001").with(user("alice")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.recommendations[0].name").value("Product SKU-1002"))
			.andExpect(header().string("Cache-Control", allOf(containsString("private"), not(containsString("public")),
					not(containsString("max-age")))))
			.andExpect(header().string("Vary", containsString("Cookie")));
		verify(this.recommendations).recommendations("SKU-1001", "c-1001", 4);
	}

	@Test
	void aMalformedSkuReachesNoServiceAndItsProblemCarriesTheRequestId() throws Exception {
		this.mvc.perform(get("/web/api/products/" + "x".repeat(100)).header("X-Request-Id", "sku-check-1"))
			.andExpect(status().isBadRequest())
			.andExpect(header().string("X-Request-Id", "sku-check-1"))
			.andExpect(jsonPath("$.requestId").value("sku-check-1"));
		verifyNoInteractions(this.catalog, this.pricing, this.inventory, this.reviews, this.recommendations);
	}

}
