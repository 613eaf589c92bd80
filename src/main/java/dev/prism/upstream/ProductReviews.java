package dev.prism.upstream;

import java.time.Instant;
import java.util.List;

/** A product's rating summary and its top reviews. */
public record ProductReviews(String sku, double averageRating, int count, List<Review> items) {

	public ProductReviews {
		items = items == null ? List.of() : List.copyOf(items);
	}

	/** One customer review. */
	public record Review(String id, String author, int rating, String title, String body, Instant createdAt) {
	}

}
