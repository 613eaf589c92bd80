package dev.prism.partner;

import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.Pattern;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.prism.partner.PartnerViews.ProductV1;
import dev.prism.platform.apidocs.ApiDocs;
import dev.prism.upstream.Availability;
import dev.prism.upstream.Branch;
import dev.prism.upstream.CatalogClient;
import dev.prism.upstream.FanOut;
import dev.prism.upstream.InventoryClient;
import dev.prism.upstream.Price;
import dev.prism.upstream.PricingClient;
import dev.prism.upstream.Product;
import dev.prism.upstream.Sku;

/**
 * A partner's view of one product: complete or an error. Price and availability are not optional here — when either
 * service fails the answer is 503 with {@code Retry-After}, never a partial record.
 */
@RestController
@RequestMapping("/partner/api/v1/products")
@Tag(name = "Catalog", description = "Products, prices and availability (scope catalog:read)")
class PartnerProductController {

	private final CatalogClient catalog;

	private final PricingClient pricing;

	private final InventoryClient inventory;

	private final FanOut fanOut;

	PartnerProductController(CatalogClient catalog, PricingClient pricing, InventoryClient inventory, FanOut fanOut) {
		this.catalog = catalog;
		this.pricing = pricing;
		this.inventory = inventory;
		this.fanOut = fanOut;
	}

	@GetMapping("/{sku}")
	@Operation(summary = "One product", description = "The product with its price (null when it has none) and availability.")
	@ApiResponse(responseCode = "200", description = "The product")
	@ApiResponse(responseCode = "404", description = "No product has this sku")
	@ApiDocs.ComposedFromUpstreams
	ResponseEntity<ProductV1> product(@PathVariable @Pattern(regexp = Sku.PATTERN) String sku) {
		Branch<Map<String, Price>> prices = this.fanOut.fork("pricing", () -> this.pricing.prices(List.of(sku)));
		Branch<Map<String, Availability>> stock = this.fanOut.fork("inventory",
				() -> this.inventory.availability(List.of(sku)));
		Product product = this.catalog.product(sku);
		ProductV1 answer = ProductV1.from(product, prices.join().get(sku), stock.join().get(sku));
		return ResponseEntity.ok().cacheControl(CacheControl.noCache().cachePrivate()).body(answer);
	}

}
