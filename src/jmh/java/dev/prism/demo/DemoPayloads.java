package dev.prism.demo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON bodies the demo upstreams answer ({@link DemoUpstreams}), from the same {@link DemoCatalog} and written the
 * same way, without a server: the realistic upstream payloads of the micro-benchmarks.
 */
public final class DemoPayloads {

	private static final DemoCatalog CATALOG = new DemoCatalog();

	/** As {@link DemoUpstreams} writes its answers. */
	private static final JsonMapper JSON = JsonMapper.builder().build();

	private DemoPayloads() {
	}

	/** The first {@code count} skus from {@code SKU-1001} on; the demo catalog has 72, later ones are numbered on. */
	public static List<String> skus(int count) {
		List<String> skus = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			skus.add("SKU-" + (1001 + i));
		}
		return skus;
	}

	/** {@code GET /catalog/products/{sku}}. */
	public static byte[] product(String sku) {
		return JSON.writeValueAsBytes(CATALOG.product(sku));
	}

	/** {@code GET /catalog/products?skus=...}: one page holding the known skus. */
	public static byte[] products(List<String> skus) {
		List<Map<String, Object>> items = skus.stream().map(CATALOG::product).filter(p -> p != null).toList();
		Map<String, Object> page = new LinkedHashMap<>();
		page.put("items", items);
		page.put("page", 0);
		page.put("size", Math.max(1, items.size()));
		page.put("total", items.size());
		return JSON.writeValueAsBytes(page);
	}

	/** {@code GET /pricing/prices?skus=...}. */
	public static byte[] prices(List<String> skus) {
		return JSON.writeValueAsBytes(
				Map.of("prices", skus.stream().map(CATALOG::price).filter(p -> p != null).toList()));
	}

	/**
	 * {@code GET /inventory/availability?skus=...} for {@link #skus(int) skus(count)}, every one known: beyond the
	 * demo catalog's 72 skus the stock of the demo sku {@code count} places earlier (mod 72) is repeated under the
	 * later sku, so a 100-sku answer has the demo's mix of states and quantities.
	 */
	public static byte[] availability(int count) {
		List<String> demoSkus = CATALOG.skus();
		List<Map<String, Object>> items = new ArrayList<>();
		List<String> skus = skus(count);
		for (int i = 0; i < count; i++) {
			Map<String, Object> stock = CATALOG.stock(demoSkus.get(i % demoSkus.size()));
			Map<String, Object> item = new LinkedHashMap<>();
			item.put("sku", skus.get(i));
			item.put("status", stock.get("status"));
			item.put("quantity", stock.get("quantity"));
			items.add(item);
		}
		return JSON.writeValueAsBytes(Map.of("items", items));
	}

	/** {@code GET /inventory/availability?skus=...} for demo skus. */
	public static byte[] availability(List<String> skus) {
		return JSON.writeValueAsBytes(
				Map.of("items", skus.stream().map(CATALOG::stock).filter(s -> s != null).toList()));
	}

	/** {@code GET /reviews/products/{sku}/reviews?limit=...}. */
	public static byte[] reviews(String sku, int limit) {
		Map<String, Object> reviews = CATALOG.reviews(sku);
		List<?> items = (List<?>) reviews.get("items");
		Map<String, Object> answer = new LinkedHashMap<>(reviews);
		answer.put("items", items.subList(0, Math.min(limit, items.size())));
		return JSON.writeValueAsBytes(answer);
	}

	/** {@code GET /recommendations/recommendations?sku=...&limit=...} for an anonymous caller. */
	public static byte[] recommendations(String sku, int limit) {
		return JSON.writeValueAsBytes(Map.of("skus", CATALOG.recommendations(sku, null, limit)));
	}

}
