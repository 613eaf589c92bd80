package dev.prism.web;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.prism.upstream.Availability;
import dev.prism.upstream.Price;
import dev.prism.upstream.Product;
import dev.prism.upstream.ProductImage;
import dev.prism.upstream.ProductReviews;

import org.jspecify.annotations.Nullable;

/** The web channel's view records: rich, browser-friendly shapes. */
final class WebViews {

	private WebViews() {
	}

	/** A price as shown in the browser; amounts are the pricing service's decimal strings. */
	record PriceView(String currency, String amount, @Nullable String listAmount, @Nullable Integer savingsPercent) {

		static @Nullable PriceView from(@Nullable Price price) {
			return price == null ? null
					: new PriceView(price.currency(), price.amount(), price.listAmount(), price.savingsPercent());
		}

	}

	record AvailabilityView(String status, int quantity, boolean inStock) {

		static @Nullable AvailabilityView from(@Nullable Availability availability) {
			return availability == null ? null
					: new AvailabilityView(availability.status().name(), availability.quantity(),
							availability.inStock());
		}

	}

	record ReviewView(String id, String author, int rating, String title, String body, @Nullable String createdAt) {

		static ReviewView from(ProductReviews.Review review) {
			return new ReviewView(review.id(), review.author(), review.rating(), review.title(), review.body(),
					review.createdAt() == null ? null : review.createdAt().toString());
		}

	}

	record RatingView(double average, int count) {
	}

	/** A product in a list: search results, featured products, recommendations. */
	record ProductCard(String sku, String name, String brand, String category, @Nullable String thumbnail,
			@JsonInclude(JsonInclude.Include.ALWAYS) @Nullable PriceView price, @Nullable AvailabilityView availability) {

		static ProductCard from(Product product, @Nullable Price price, @Nullable Availability availability,
				int thumbnailWidth) {
			return new ProductCard(product.sku(), product.name(), product.brand(), product.category(),
					product.thumbnailUrl(thumbnailWidth), PriceView.from(price), AvailabilityView.from(availability));
		}

	}

	/** The product page: everything a browser shows for one product, in one round trip. */
	record ProductPage(String sku, String name, String brand, String category, @Nullable String description,
			List<ProductImage> images, Map<String, String> attributes,
			@JsonInclude(JsonInclude.Include.ALWAYS) @Nullable PriceView price, @Nullable AvailabilityView availability,
			@Nullable RatingView rating, @Nullable List<ReviewView> topReviews, List<ProductCard> recommendations,
			@Nullable List<String> degraded) {
	}

}
