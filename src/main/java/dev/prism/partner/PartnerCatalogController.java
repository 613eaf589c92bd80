package dev.prism.partner;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.jspecify.annotations.Nullable;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.prism.partner.PartnerViews.AvailabilityV1;
import dev.prism.partner.PartnerViews.ProductV1;
import dev.prism.platform.apidocs.ApiDocs;
import dev.prism.platform.problem.InvalidRequestException;
import dev.prism.platform.security.SignedTokens;
import dev.prism.upstream.Availability;
import dev.prism.upstream.Branch;
import dev.prism.upstream.CatalogClient;
import dev.prism.upstream.FanOut;
import dev.prism.upstream.InventoryClient;
import dev.prism.upstream.Price;
import dev.prism.upstream.PricingClient;
import dev.prism.upstream.ProductPage;
import dev.prism.upstream.Sku;

/**
 * The catalog feed (every product exactly once, with price and availability, paged by opaque page tokens) and
 * availability lookups. Complete answers or errors: a failing price or availability service is a 503.
 */
@RestController
@Tag(name = "Catalog", description = "Products, prices and availability (scope catalog:read)")
class PartnerCatalogController {

	private final CatalogClient catalog;

	private final PricingClient pricing;

	private final InventoryClient inventory;

	private final FanOut fanOut;

	private final PartnerProperties properties;

	private final SignedTokens pageTokens;

	PartnerCatalogController(CatalogClient catalog, PricingClient pricing, InventoryClient inventory, FanOut fanOut,
			PartnerProperties properties) {
		this.catalog = catalog;
		this.pricing = pricing;
		this.inventory = inventory;
		this.fanOut = fanOut;
		this.properties = properties;
		this.pageTokens = new SignedTokens(properties.pageTokenSecret(), "page token");
	}

	/** One page of the feed; {@code nextPageToken} is absent on the last page. */
	record ProductFeedV1(List<ProductV1> items, @Nullable String nextPageToken) {
	}

	record AvailabilityListV1(List<AvailabilityV1> items) {
	}

	@GetMapping("/partner/api/v1/products")
	@Operation(summary = "Catalog feed",
			description = "Every product exactly once, with its price and availability. Follow nextPageToken until it is absent.")
	@ApiResponse(responseCode = "200", description = "One page of the feed")
	@ApiResponse(responseCode = "400", description = "Invalid page token or page size")
	@ApiDocs.ComposedFromUpstreams
	ResponseEntity<ProductFeedV1> products(
			@Parameter(description = "The nextPageToken of the previous page; omit for the first page")
			@RequestParam(required = false) @Size(max = 512) String pageToken,
			@Parameter(description = "Products per page (1-100, default 50); fixed by the first page")
			@RequestParam(required = false) @Min(1) @Max(100) Integer pageSize) {
		PartnerProperties.Paging sizes = this.properties.pageSize();
		SignedTokens.Page position = pageToken == null
				? SignedTokens.Page.first(pageSize, sizes.defaultSize(), sizes.maxSize())
				: this.pageTokens.decodePage(pageToken, sizes.maxSize());
		ProductPage page = this.catalog.search(null, null, position.page(), position.size());
		List<String> skus = page.skus();
		Branch<Map<String, Price>> prices = this.fanOut.fork("pricing", () -> this.pricing.prices(skus));
		Branch<Map<String, Availability>> stock = this.fanOut.fork("inventory",
				() -> this.inventory.availability(skus));
		Map<String, Price> priceBySku = prices.join();
		Map<String, Availability> stockBySku = stock.join();
		List<ProductV1> items = page.items()
			.stream()
			.map(product -> ProductV1.from(product, priceBySku.get(product.sku()), stockBySku.get(product.sku())))
			.toList();
		String next = page.hasNext() ? this.pageTokens.encodePage(position.next()) : null;
		return ResponseEntity.ok()
			.cacheControl(CacheControl.noCache().cachePrivate())
			.body(new ProductFeedV1(items, next));
	}

	@GetMapping("/partner/api/v1/availability")
	@Operation(summary = "Availability of skus", description = "Stock of up to 100 skus; unknown skus are omitted.")
	@ApiResponse(responseCode = "200", description = "Availability of the known skus")
	@ApiResponse(responseCode = "400", description = "No skus, too many, or a malformed sku")
	@ApiDocs.ComposedFromUpstreams
	ResponseEntity<AvailabilityListV1> availability(
			@Parameter(description = "Comma-separated skus, e.g. SKU-1001,SKU-1002", required = true)
			@RequestParam @NotBlank @Size(max = 7000) String skus) {
		List<String> wanted = parseSkus(skus);
		Map<String, Availability> stock = this.inventory.availability(wanted);
		return ResponseEntity.ok()
			.cacheControl(CacheControl.noCache().cachePrivate())
			.body(new AvailabilityListV1(
					wanted.stream().filter(stock::containsKey).map(sku -> AvailabilityV1.from(java.util.Objects.requireNonNull(stock.get(sku)))).toList()));
	}

	@GetMapping("/partner/api/v1/stock")
	@Operation(summary = "Availability of skus (deprecated)", deprecated = true,
			description = "Deprecated alias of /partner/api/v1/availability; answers carry Deprecation, Sunset and Link headers.")
	@ApiResponse(responseCode = "200", description = "Availability of the known skus")
	@ApiResponse(responseCode = "400", description = "No skus, too many, or a malformed sku")
	@ApiDocs.ComposedFromUpstreams
	@PartnerDeprecation(since = "2026-11-01", sunset = "2027-06-30", successor = "/partner/api/v1/availability")
	ResponseEntity<AvailabilityListV1> stock(
			@Parameter(description = "Comma-separated skus, e.g. SKU-1001,SKU-1002", required = true)
			@RequestParam @NotBlank @Size(max = 7000) String skus) {
		return availability(skus);
	}

	/** The distinct skus of a comma-separated list, in the order given (a loop: this runs on every request). */
	private List<String> parseSkus(String skus) {
		Set<String> parsed = new LinkedHashSet<>();
		for (String part : skus.split(",")) {
			String sku = part.trim();
			if (sku.isEmpty()) {
				continue;
			}
			if (!Sku.isValid(sku)) {
				throw new InvalidRequestException("Malformed sku: skus are letters, digits and '-', at most 64.");
			}
			if (parsed.add(sku) && parsed.size() > this.properties.maxSkus()) {
				break;
			}
		}
		if (parsed.isEmpty() || parsed.size() > this.properties.maxSkus()) {
			throw new InvalidRequestException("Ask for 1 to " + this.properties.maxSkus() + " skus.");
		}
		return List.copyOf(parsed);
	}

}
