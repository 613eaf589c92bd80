package dev.prism.upstream;

/** One catalog image; the image service resizes it when {@code ?w=<px>} is appended to the URL. */
public record ProductImage(String url, int width, int height) {
}
