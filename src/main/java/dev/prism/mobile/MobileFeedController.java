package dev.prism.mobile;

import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.jspecify.annotations.Nullable;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.prism.mobile.MobileViews.ProductCard;
import dev.prism.platform.apidocs.ApiDocs;
import dev.prism.platform.experiments.Experiments;
import dev.prism.platform.security.SignedTokens;
import dev.prism.upstream.Availability;
import dev.prism.upstream.Branch;
import dev.prism.upstream.CatalogClient;
import dev.prism.upstream.Degraded;
import dev.prism.upstream.FanOut;
import dev.prism.upstream.InventoryClient;
import dev.prism.upstream.Price;
import dev.prism.upstream.PricingClient;
import dev.prism.upstream.ProductPage;

/**
 * The app's product feed: compact cards, paged with an opaque, tamper-proof cursor that fixes the page size, so paging
 * visits every product exactly once; the caller's experiment variants travel with the first page.
 */
@RestController
@Tag(name = "Catalog", description = "The product feed and product screens")
class MobileFeedController {

	private final CatalogClient catalog;

	private final PricingClient pricing;

	private final InventoryClient inventory;

	private final FanOut fanOut;

	private final MobileProperties properties;

	private final SignedTokens cursors;

	private final MeterRegistry meters;

	MobileFeedController(CatalogClient catalog, PricingClient pricing, InventoryClient inventory, FanOut fanOut,
			MobileProperties properties, MeterRegistry meters) {
		this.catalog = catalog;
		this.pricing = pricing;
		this.inventory = inventory;
		this.fanOut = fanOut;
		this.properties = properties;
		this.meters = meters;
		this.cursors = new SignedTokens(properties.cursorSecret(), "cursor");
	}

	record Feed(List<ProductCard> items, @Nullable String nextCursor, @Nullable Map<String, String> experiments,
			@Nullable List<String> degraded) {
	}

	@GetMapping("/mobile/api/feed")
	@Operation(summary = "Product feed",
			description = "Compact product cards. Follow nextCursor until it is absent; experiments lists the caller's "
					+ "variants and degraded the sections that failed.")
	@ApiResponse(responseCode = "200", description = "One page of the feed")
	@ApiResponse(responseCode = "400", description = "An invalid cursor or limit, or a malformed X-App-Version")
	@ApiDocs.ComposedFromUpstreams
	ResponseEntity<Feed> feed(@AuthenticationPrincipal Jwt token,
			@Parameter(description = "The nextCursor of the previous page; omit for the first page")
			@RequestParam(required = false) @Size(max = 512) String cursor,
			@Parameter(description = "Cards per page (1-100); fixed by the first page")
			@RequestParam(required = false) @Min(1) @Max(100) Integer limit) {
		MobileProperties.Feed sizes = this.properties.feedLimit();
		SignedTokens.Page position = cursor == null ? SignedTokens.Page.first(limit, sizes.defaultSize(),
				sizes.maxSize()) : this.cursors.decodePage(cursor, sizes.maxSize());
		ProductPage page = this.catalog.search(null, null, position.page(), position.size());
		List<String> skus = page.skus();
		Branch<Map<String, Price>> prices = this.fanOut.fork("pricing", () -> this.pricing.prices(skus));
		Branch<Map<String, Availability>> stock = this.fanOut.fork("inventory",
				() -> this.inventory.availability(skus));
		Degraded degraded = new Degraded();
		Map<String, Price> priceBySku = prices.joinOrDegrade(degraded, "price").orElse(Map.of());
		Map<String, Availability> stockBySku = stock.joinOrDegrade(degraded, "availability").orElse(Map.of());
		List<ProductCard> cards = page.items()
			.stream()
			.map(product -> ProductCard.from(product, priceBySku.get(product.sku()), stockBySku.get(product.sku()),
					this.properties.thumbnailWidth()))
			.toList();
		String next = page.hasNext() ? this.cursors.encodePage(position.next()) : null;
		Map<String, String> variants = Experiments.assign(this.properties.experiments(), MobileCustomer.of(token));
		variants.forEach((experiment, variant) -> this.meters
			.counter("prism.mobile.experiment.exposures", "experiment", experiment, "variant", variant)
			.increment());
		return ResponseEntity.ok()
			.cacheControl(CacheControl.noCache().cachePrivate())
			.body(new Feed(cards, next, variants.isEmpty() ? null : variants,
					degraded.isEmpty() ? null : degraded.sections()));
	}

}
