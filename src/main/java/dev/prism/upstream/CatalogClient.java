package dev.prism.upstream;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/** The catalog service: product search, batch lookup by sku and single products, cached. */
public class CatalogClient {

	private final UpstreamHttp http;

	private final UpstreamCache cache;

	CatalogClient(UpstreamHttp http, UpstreamCache cache) {
		this.http = http;
		this.cache = cache;
	}

	/** One page of products, optionally filtered by a text query and a category. */
	public ProductPage search(@Nullable String query, @Nullable String category, int page, int size) {
		String q = Optional.ofNullable(query).filter(value -> !value.isBlank()).orElse(null);
		String c = Optional.ofNullable(category).filter(value -> !value.isBlank()).orElse(null);
		return this.cache.get(CacheKey.of("search", q, c, page, size),
				() -> this.http.get("search", UpstreamPath.of("/products")
					.query("q", q)
					.query("category", c)
					.query("page", page)
					.query("size", size), ProductPage.class));
	}

	/** The products with these skus in the order asked for, in one call for the uncached ones; unknown skus are left out. */
	public List<Product> products(Collection<String> skus) {
		if (skus.isEmpty()) {
			return List.of();
		}
		List<String> wanted = skus.stream().distinct().toList();
		Function<List<String>, Map<String, Product>> fetch = missing -> this.http
			.get("batch", UpstreamPath.of("/products").query("skus", String.join(",", missing)),
					ProductPage.class)
			.items()
			.stream()
			.collect(Collectors.toMap(Product::sku, product -> product, (a, b) -> a));
		Map<String, Product> found = this.cache.getAll("product", wanted, fetch);
		return wanted.stream().map(found::get).filter(product -> product != null).toList();
	}

	/**
	 * One product.
	 * @throws UpstreamNotFoundException when the catalog does not know the sku
	 */
	public Product product(String sku) {
		Product product = this.cache.get(CacheKey.of("product", sku),
				() -> this.http.get("product", UpstreamPath.of("/products").segment(sku), Product.class));
		if (product == null) {
			// A batch lookup found no such sku and cached its absence.
			throw new UpstreamNotFoundException("The catalog service does not know this resource.");
		}
		return product;
	}

}
