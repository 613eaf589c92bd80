package dev.prism.mobile;

import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.Pattern;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.prism.mobile.MobileViews.ProductDetail;
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
import dev.prism.upstream.ReviewsClient;
import dev.prism.upstream.Sku;

/** The app's product screen: one wave of parallel calls, a compact answer, revalidated with ETags. */
@RestController
@RequestMapping("/mobile/api/products")
@Tag(name = "Catalog")
class MobileProductController {

	private final CatalogClient catalog;

	private final PricingClient pricing;

	private final InventoryClient inventory;

	private final ReviewsClient reviews;

	private final FanOut fanOut;

	private final MobileProperties properties;

	MobileProductController(CatalogClient catalog, PricingClient pricing, InventoryClient inventory,
			ReviewsClient reviews, FanOut fanOut, MobileProperties properties) {
		this.catalog = catalog;
		this.pricing = pricing;
		this.inventory = inventory;
		this.reviews = reviews;
		this.fanOut = fanOut;
		this.properties = properties;
	}

	@GetMapping("/{sku}")
	@Operation(summary = "One product",
			description = "Thumbnail, formatted price, stock flag and rating; optional sections that failed are listed "
					+ "in degraded. Revalidate with If-None-Match.")
	@ApiResponse(responseCode = "200", description = "The product")
	@ApiResponse(responseCode = "404", description = "No product has this sku")
	@ApiDocs.ComposedFromUpstreams
	ResponseEntity<ProductDetail> product(@PathVariable @Pattern(regexp = Sku.PATTERN) String sku,
			@Parameter(description = "description adds the product's description")
			@RequestParam(required = false) @Pattern(regexp = "description") String include) {
		Branch<Map<String, Price>> price = this.fanOut.fork("pricing", () -> this.pricing.prices(List.of(sku)));
		Branch<Map<String, Availability>> stock = this.fanOut.fork("inventory",
				() -> this.inventory.availability(List.of(sku)));
		Branch<ProductReviews> rating = this.fanOut.fork("reviews", () -> this.reviews.reviews(sku, 0));
		Product product = this.catalog.product(sku);

		Degraded degraded = new Degraded();
		Price skuPrice = price.joinOrDegrade(degraded, "price").map(prices -> prices.get(sku)).orElse(null);
		Boolean inStock = stock.joinOrDegrade(degraded, "availability")
			.map(items -> items.get(sku) != null && items.get(sku).inStock())
			.orElse(null);
		ProductReviews reviewSummary = rating.joinOrDegrade(degraded, "reviews").orElse(null);
		ProductDetail detail = new ProductDetail(product.sku(), product.name(), product.brand(),
				product.thumbnailUrl(this.properties.thumbnailWidth()), MobileViews.formatted(skuPrice),
				inStock, reviewSummary == null ? null : reviewSummary.averageRating(),
				reviewSummary == null ? null : reviewSummary.count(),
				"description".equals(include) ? product.description() : null,
				degraded.isEmpty() ? null : degraded.sections());
		return ResponseEntity.ok().cacheControl(CacheControl.noCache().cachePrivate()).body(detail);
	}

}
