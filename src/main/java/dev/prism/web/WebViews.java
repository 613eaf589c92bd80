package dev.prism.web;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.prism.upstream.Availability;
import dev.prism.upstream.Price;
import dev.prism.upstream.Product;
import dev.prism.upstream.ProductImage;
import dev.prism.upstream.ProductReviews;

/** The web channel's view records: rich, browser-friendly shapes. */
final class WebViews {

	private WebViews() {
	}

	/** A price as shown in the browser; amounts are the pricing service's decimal strings. */
	record PriceView(String currency, String amount, String listAmount, Integer savingsPercent) {

		static PriceView from(Price price) {
			return price == null ? null
					: new PriceView(price.currency(), price.amount(), price.listAmount(), price.savingsPercent());
		}

	}

	record AvailabilityView(String status, int quantity, boolean inStock) {

		static AvailabilityView from(Availability availability) {
			return availability == null ? null
					: new AvailabilityView(availability.status().name(), availability.quantity(),
							availability.inStock());
		}

	}

	record ReviewView(String id, String author, int rating, String title, String body, String createdAt) {

		static ReviewView from(ProductReviews.Review review) {
			return new ReviewView(review.id(), review.author(), review.rating(), review.title(), review.body(),
					review.createdAt() == null ? null : review.createdAt().toString());
		}

	}

	record RatingView(double average, int count) {
	}

	/** A product in a list: search results, featured products, recommendations. */
	record ProductCard(String sku, String name, String brand, String category, String thumbnail,
			@JsonInclude(JsonInclude.Include.ALWAYS) PriceView price, AvailabilityView availability) {

		static ProductCard from(Product product, Price price, Availability availability, int thumbnailWidth) {
			return new ProductCard(product.sku(), product.name(), product.brand(), product.category(),
					product.thumbnailUrl(thumbnailWidth), PriceView.from(price), AvailabilityView.from(availability));
		}

	}

	/** The product page: everything a browser shows for one product, in one round trip. */
	record ProductPage(String sku, String name, String brand, String category, String description,
			List<ProductImage> images, Map<String, String> attributes,
			@JsonInclude(JsonInclude.Include.ALWAYS) PriceView price, AvailabilityView availability, RatingView rating,
			List<ReviewView> topReviews, List<ProductCard> recommendations, List<String> degraded) {
	}

}
