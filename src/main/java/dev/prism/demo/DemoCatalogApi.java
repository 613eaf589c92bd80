package dev.prism.demo;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The demo catalog, pricing, inventory and reviews services ({@code openapi/upstreams.yaml}) over {@link DemoCatalog}:
 * search, batch and single lookups, prices and stock by batch, a product's reviews.
 */
final class DemoCatalogApi {

	private static final Pattern PRODUCT = Pattern.compile("/products/([^/]+)");

	private static final Pattern PRODUCT_REVIEWS = Pattern.compile("/products/([^/]+)/reviews");

	private final DemoCatalog catalog;

	/** Where the products' images are, when the demo serves its own ({@link DemoImages}); else the placeholders. */
	private volatile @Nullable String imageBase;

	DemoCatalogApi(DemoCatalog catalog) {
		this.catalog = catalog;
	}

	void imagesAt(String base) {
		this.imageBase = base;
	}

	private Map<String, Object> withImages(Map<String, Object> product) {
		String base = this.imageBase;
		return base == null ? product : DemoImages.withImagesAt(product, base);
	}

	/** {@code GET /products?q=&category=&page=&size=}, {@code GET /products?skus=}, {@code GET /products/{sku}}. */
	void products(DemoExchange exchange) throws IOException {
		Matcher product = PRODUCT.matcher(exchange.rest());
		if (!exchange.method().equals("GET")) {
			exchange.problem(405, "method-not-allowed", "Only GET.");
		}
		else if (exchange.rest().equals("/products") && exchange.hasQuery("skus")) {
			List<Map<String, Object>> items = exchange.skus()
				.stream()
				.map(this.catalog::product)
				.filter(p -> p != null)
				.map(this::withImages)
				.toList();
			exchange.json(200, page(items, 0, Math.max(1, items.size()), items.size()));
		}
		else if (exchange.rest().equals("/products")) {
			int page = exchange.intParam("page", 0, 0, 10_000);
			int size = exchange.intParam("size", 20, 1, 100);
			List<Map<String, Object>> all = this.catalog.search(exchange.query("q"), exchange.query("category"));
			int from = Math.min(all.size(), page * size);
			exchange.json(200, page(all.subList(from, Math.min(all.size(), from + size)).stream().map(this::withImages)
				.toList(), page, size, all.size()));
		}
		else if (product.matches()) {
			Map<String, Object> found = this.catalog.product(DemoExchange.decode(product.group(1)));
			if (found == null) {
				exchange.problem(404, "not-found", "No product with this sku.");
			}
			else {
				exchange.json(200, withImages(found));
			}
		}
		else {
			exchange.problem(404, "not-found", "No such resource.");
		}
	}

	/** {@code GET /prices?skus=}. */
	void prices(DemoExchange exchange) throws IOException {
		batch(exchange, "/prices", "prices", this.catalog::price);
	}

	/** {@code GET /availability?skus=}. */
	void availability(DemoExchange exchange) throws IOException {
		batch(exchange, "/availability", "items", this.catalog::stock);
	}

	/** {@code GET /products/{sku}/reviews?limit=}. */
	void reviews(DemoExchange exchange) throws IOException {
		Matcher matcher = PRODUCT_REVIEWS.matcher(exchange.rest());
		if (!exchange.method().equals("GET") || !matcher.matches()) {
			exchange.problem(404, "not-found", "No such resource.");
			return;
		}
		Map<String, Object> reviews = this.catalog.reviews(DemoExchange.decode(matcher.group(1)));
		if (reviews == null) {
			exchange.problem(404, "not-found", "No product with this sku.");
			return;
		}
		int limit = exchange.intParam("limit", 3, 0, 20);
		@SuppressWarnings("unchecked")
		List<Object> items = (List<Object>) reviews.get("items");
		Map<String, Object> answer = new LinkedHashMap<>(reviews);
		answer.put("items", items == null ? List.of() : items.subList(0, Math.min(limit, items.size())));
		exchange.json(200, answer);
	}

	private static void batch(DemoExchange exchange, String path, String listName,
			Function<String, Map<String, Object>> lookup) throws IOException {
		if (!exchange.method().equals("GET") || !exchange.rest().equals(path)) {
			exchange.problem(404, "not-found", "No such resource.");
			return;
		}
		List<Map<String, Object>> items = exchange.skus().stream().map(lookup).filter(item -> item != null).toList();
		exchange.json(200, Map.of(listName, items));
	}

	private static Map<String, Object> page(List<Map<String, Object>> items, int page, int size, int total) {
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("items", items);
		answer.put("page", page);
		answer.put("size", size);
		answer.put("total", total);
		return answer;
	}

}
