package dev.prism.web;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.Pattern;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.prism.platform.apidocs.ApiDocs;
import dev.prism.upstream.Availability;
import dev.prism.upstream.Branch;
import dev.prism.upstream.CatalogClient;
import dev.prism.upstream.Degraded;
import dev.prism.upstream.FanOut;
import dev.prism.upstream.InventoryClient;
import dev.prism.upstream.Price;
import dev.prism.upstream.PricingClient;
import dev.prism.upstream.Product;
import dev.prism.upstream.ProductReviews;
import dev.prism.upstream.RecommendationsClient;
import dev.prism.upstream.ReviewsClient;
import dev.prism.upstream.Sku;
import dev.prism.web.WebViews.AvailabilityView;
import dev.prism.web.WebViews.PriceView;
import dev.prism.web.WebViews.ProductCard;
import dev.prism.web.WebViews.ProductPage;
import dev.prism.web.WebViews.RatingView;
import dev.prism.web.WebViews.ReviewView;

/** The browser's product page: product, price, stock, reviews and recommendations, composed in two parallel waves. */
@RestController
@RequestMapping("/web/api/products")
@Tag(name = "Catalog")
class WebProductController {

	private final CatalogClient catalog;

	private final PricingClient pricing;

	private final InventoryClient inventory;

	private final ReviewsClient reviews;

	private final RecommendationsClient recommendations;

	private final FanOut fanOut;

	private final WebProperties properties;

	private final WebLogin login;

	WebProductController(CatalogClient catalog, PricingClient pricing, InventoryClient inventory,
			ReviewsClient reviews, RecommendationsClient recommendations, FanOut fanOut, WebProperties properties,
			WebLogin login) {
		this.catalog = catalog;
		this.pricing = pricing;
		this.inventory = inventory;
		this.reviews = reviews;
		this.recommendations = recommendations;
		this.fanOut = fanOut;
		this.properties = properties;
		this.login = login;
	}

	@GetMapping("/{sku}")
	@Operation(summary = "Product page",
			description = "The product with price, stock, review summary, top reviews and recommendations (personalised "
					+ "when logged in). Optional sections that failed are listed in degraded; the product itself is "
					+ "required.")
	@ApiResponse(responseCode = "200", description = "The product page")
	@ApiResponse(responseCode = "404", description = "No product has this sku")
	@ApiDocs.ComposedFromUpstreams
	ResponseEntity<ProductPage> product(@PathVariable @Pattern(regexp = Sku.PATTERN) String sku,
			@Parameter(hidden = true) Authentication authentication) {
		// Logged in: recommendations personalised for the customer; anonymous: the same page for everyone.
		String customerId = this.login.customerIdOf(authentication).orElse(null);
		// Wave 1: everything that needs only the sku, in parallel; the product itself is required.
		Branch<Map<String, Price>> price = this.fanOut.fork("pricing", () -> this.pricing.prices(List.of(sku)));
		Branch<Map<String, Availability>> stock = this.fanOut.fork("inventory",
				() -> this.inventory.availability(List.of(sku)));
		Branch<ProductReviews> productReviews = this.fanOut.fork("reviews", () -> this.reviews.reviews(sku, 3));
		Branch<List<String>> recommended = this.fanOut.fork("recommendations",
				() -> this.recommendations.recommendations(sku, customerId, this.properties.recommendations()));
		Product product = this.catalog.product(sku);

		Degraded degraded = new Degraded();
		// Wave 2: names, prices and stock of the recommendations.
		List<ProductCard> cards = recommended.joinOrDegrade(degraded, "recommendations")
			.map(skus -> recommendationCards(skus, degraded))
			.orElse(List.of());
		Price skuPrice = price.joinOrDegrade(degraded, "price").map(prices -> prices.get(sku)).orElse(null);
		Availability availability = stock.joinOrDegrade(degraded, "availability")
			.map(items -> items.get(sku))
			.orElse(null);
		ProductReviews review = productReviews.joinOrDegrade(degraded, "reviews").orElse(null);

		ProductPage page = new ProductPage(product.sku(), product.name(), product.brand(), product.category(),
				product.description(), product.images(), product.attributes(), PriceView.from(skuPrice),
				AvailabilityView.from(availability),
				review == null ? null : new RatingView(review.averageRating(), review.count()),
				review == null ? null : review.items().stream().map(ReviewView::from).toList(), cards,
				degraded.sections());
		if (customerId != null) {
			// Personalised: only the customer's browser may keep it, and only per session cookie.
			return ResponseEntity.ok()
				.cacheControl(CacheControl.noCache().cachePrivate())
				.header(HttpHeaders.VARY, HttpHeaders.COOKIE)
				.body(page);
		}
		// The same for every anonymous caller: a short public cache, unless something is missing. It varies by
		// cookie too, so a browser that has since logged in does not reuse the anonymous page.
		return ResponseEntity.ok()
			.cacheControl(degraded.isEmpty() ? CacheControl.maxAge(Duration.ofSeconds(30)).cachePublic()
					: CacheControl.noCache())
			.header(HttpHeaders.VARY, HttpHeaders.COOKIE)
			.body(page);
	}

	private List<ProductCard> recommendationCards(List<String> skus, Degraded degraded) {
		if (skus.isEmpty()) {
			return List.of();
		}
		Branch<List<Product>> products = this.fanOut.fork("catalog", () -> this.catalog.products(skus));
		Branch<Map<String, Price>> prices = this.fanOut.fork("pricing", () -> this.pricing.prices(skus));
		Branch<Map<String, Availability>> stock = this.fanOut.fork("inventory",
				() -> this.inventory.availability(skus));
		List<Product> found = products.joinOrDegrade(degraded, "recommendations").orElse(List.of());
		Map<String, Price> priceBySku = prices.joinOrDegrade(degraded, "price").orElse(Map.of());
		Map<String, Availability> stockBySku = stock.joinOrDegrade(degraded, "availability").orElse(Map.of());
		return found.stream()
			.map(product -> ProductCard.from(product, priceBySku.get(product.sku()), stockBySku.get(product.sku()),
					this.properties.thumbnailWidth()))
			.toList();
	}

}
