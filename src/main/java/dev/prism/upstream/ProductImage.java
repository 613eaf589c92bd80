package dev.prism.upstream;

import org.jspecify.annotations.Nullable;

/** One catalog image; the image service resizes it when {@code ?w=<px>} is appended to the URL. */
public record ProductImage(String url, int width, int height) {

	/**
	 * This image as the image service sizes it {@code width} pixels wide: the URL with {@code w=<px>} added to its
	 * query; {@code null} when the image has no URL.
	 */
	public @Nullable String resizedUrl(int width) {
		return this.url == null ? null : this.url + (this.url.contains("?") ? "&" : "?") + "w=" + width;
	}

}
