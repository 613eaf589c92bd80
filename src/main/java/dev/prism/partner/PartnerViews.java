package dev.prism.partner;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.prism.upstream.Availability;
import dev.prism.upstream.Price;
import dev.prism.upstream.Product;
import dev.prism.upstream.ProductImage;

import org.jspecify.annotations.Nullable;

/** The partner channel's v1 records: stable, complete, documented field by field. */
final class PartnerViews {

	private PartnerViews() {
	}

	record PriceV1(String currency, String amount, String listAmount) {

		static @Nullable PriceV1 from(@Nullable Price price) {
			return price == null ? null : new PriceV1(price.currency(), price.amount(), price.listAmount());
		}

	}

	record AvailabilityV1(String sku, String status, int quantity) {

		static AvailabilityV1 from(Availability availability) {
			return new AvailabilityV1(availability.sku(), availability.status().name(), availability.quantity());
		}

	}

	/** A product with its price ({@code null} when the sku has none) and availability. */
	record ProductV1(String sku, String name, String brand, String category, @Nullable String description,
			List<String> images, @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable PriceV1 price,
			AvailabilityV1 availability, @Nullable String updatedAt) {

		static ProductV1 from(Product product, @Nullable Price price, @Nullable Availability availability) {
			return new ProductV1(product.sku(), product.name(), product.brand(), product.category(),
					product.description(), product.images().stream().map(ProductImage::url).toList(),
					PriceV1.from(price),
					availability == null ? new AvailabilityV1(product.sku(), "UNKNOWN", 0)
							: AvailabilityV1.from(availability),
					product.updatedAt() == null ? null : product.updatedAt().toString());
		}

	}

}
