package dev.prism.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The demo's own product pictures, so the storefront shows images without an image service: a small SVG per product
 * and view, generated from its category, colour, name and brand, at {@code /images/{sku}/{main|side}.svg} on the demo
 * server ({@code ?w=<px>} sets the rendered size, as an image service resizes). Not one of the seven services of the
 * upstream contract.
 */
final class DemoImages {

	static final String PREFIX = "/images/";

	/** The catalog's image URLs without own images, as the contract's example has them. */
	static final String PLACEHOLDER_BASE = "https://img.example/";

	private static final Pattern IMAGE = Pattern.compile("/images/(SKU-\\d+)/(main|side)\\.svg");

	private static final Map<String, String> COLORS = Map.of("red", "#c8453a", "blue", "#3a6fc8", "green", "#3f9a5b",
			"black", "#33363b", "orange", "#e08a2c", "grey", "#8a9099");

	private final DemoCatalog catalog;

	DemoImages(DemoCatalog catalog) {
		this.catalog = catalog;
	}

	/** A product with its image URLs on {@code base} ({@code http://127.0.0.1:<port>}) instead of the placeholders. */
	@SuppressWarnings("unchecked")
	static Map<String, Object> withImagesAt(Map<String, Object> product, String base) {
		Map<String, Object> copy = new java.util.LinkedHashMap<>(product);
		List<Map<String, Object>> images = (List<Map<String, Object>>) product.get("images");
		if (images == null) {
			return product;
		}
		copy.put("images", images.stream().map(image -> {
			Map<String, Object> moved = new java.util.LinkedHashMap<>(image);
			if (image.get("url") instanceof String url && url.startsWith(PLACEHOLDER_BASE) && url.endsWith(".jpg")) {
				moved.put("url", base + PREFIX + url.substring(PLACEHOLDER_BASE.length(), url.length() - 4) + ".svg");
			}
			return moved;
		}).toList());
		return copy;
	}

	/** {@code GET /images/{sku}/{main|side}.svg?w=}. */
	void image(DemoExchange exchange) throws IOException {
		Matcher matcher = IMAGE.matcher(exchange.rest());
		Map<String, Object> product = matcher.matches() ? this.catalog.product(matcher.group(1)) : null;
		if (!exchange.method().equals("GET") || product == null) {
			exchange.problem(404, "not-found", "No such image.");
			return;
		}
		int width = exchange.intParam("w", 1200, 16, 1200);
		exchange.header("Cache-Control", "public, max-age=86400");
		exchange.send(200, "image/svg+xml",
				svg(product, matcher.group(2).equals("side"), width).getBytes(StandardCharsets.UTF_8));
	}

	static String svg(Map<String, Object> product, boolean side, int width) {
		Object color = product.get("attributes") instanceof Map<?, ?> attributes ? attributes.get("color") : null;
		String fill = COLORS.getOrDefault(String.valueOf(color), "#8a9099");
		String shape = shape(String.valueOf(product.get("category")), fill);
		return """
				<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 1200 1200">
				<rect width="1200" height="1200" fill="%s"/>
				<circle cx="%d" cy="260" r="120" fill="#ffffff" opacity="0.35"/>
				<g transform="%s">%s</g>
				<text x="600" y="1010" font-family="sans-serif" font-size="84" font-weight="bold" fill="#2b2f36" \
				text-anchor="middle">%s</text>
				<text x="600" y="1110" font-family="sans-serif" font-size="56" fill="#59606b" \
				text-anchor="middle">%s</text>
				</svg>
				""".formatted(width, width, side ? "#eef1ec" : "#f4efe6", side ? 300 : 900,
				side ? "translate(1200 0) scale(-1 1)" : "translate(0 0)", shape,
				escape(String.valueOf(product.get("name"))), escape(String.valueOf(product.get("brand"))));
	}

	/** A simple figure of the category in the product's colour. */
	private static String shape(String category, String color) {
		return switch (category) {
			case "shoes" -> "<path d=\"M220 700 Q260 520 420 540 L560 600 Q760 620 960 700 Q1000 780 940 800 "
					+ "L260 800 Q210 780 220 700 Z\" fill=\"" + color + "\"/><rect x=\"240\" y=\"790\" width=\"720\" "
					+ "height=\"40\" rx=\"20\" fill=\"#2b2f36\"/>";
			case "jackets" -> "<path d=\"M420 300 L600 360 L780 300 L960 460 L880 560 L820 520 L820 880 L380 880 "
					+ "L380 520 L320 560 L240 460 Z\" fill=\"" + color + "\"/><line x1=\"600\" y1=\"360\" x2=\"600\" "
					+ "y2=\"880\" stroke=\"#2b2f36\" stroke-width=\"12\"/>";
			case "backpacks" -> "<rect x=\"380\" y=\"300\" width=\"440\" height=\"580\" rx=\"110\" fill=\"" + color
					+ "\"/><rect x=\"450\" y=\"560\" width=\"300\" height=\"220\" rx=\"40\" fill=\"#2b2f36\" "
					+ "opacity=\"0.35\"/><path d=\"M500 300 Q600 200 700 300\" stroke=\"#2b2f36\" stroke-width=\"24\" "
					+ "fill=\"none\"/>";
			case "tents" -> "<path d=\"M180 860 L600 320 L1020 860 Z\" fill=\"" + color
					+ "\"/><path d=\"M600 500 L480 860 L720 860 Z\" fill=\"#2b2f36\" opacity=\"0.45\"/>";
			case "sleeping-bags" -> "<rect x=\"300\" y=\"420\" width=\"600\" height=\"380\" rx=\"190\" fill=\"" + color
					+ "\"/><circle cx=\"420\" cy=\"610\" r=\"90\" fill=\"#ffffff\" opacity=\"0.5\"/>";
			default -> "<circle cx=\"600\" cy=\"600\" r=\"260\" fill=\"" + color + "\"/><circle cx=\"600\" cy=\"600\" "
					+ "r=\"120\" fill=\"#ffffff\" opacity=\"0.4\"/>";
		};
	}

	private static String escape(@Nullable String text) {
		return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
			.replace("\"", "&quot;");
	}

}
