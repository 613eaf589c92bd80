package dev.prism.upstream;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/** A product as the catalog service describes it. */
public record Product(String sku, String name, String brand, String category, String description,
		List<ProductImage> images, Map<String, String> attributes, Instant updatedAt) {

	public Product {
		images = images == null ? List.of() : List.copyOf(images);
		attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
	}

	/** The main image's URL, or {@code null} when the product has no image. */
	public @Nullable String mainImageUrl() {
		return this.images.isEmpty() ? null : this.images.get(0).url();
	}

	/**
	 * The thumbnail URL: the main image sized {@code width} pixels wide by the image service
	 * ({@link ProductImage#resizedUrl}), or {@code null} when the product has no image.
	 */
	public @Nullable String thumbnailUrl(int width) {
		return this.images.isEmpty() ? null : this.images.get(0).resizedUrl(width);
	}

}
