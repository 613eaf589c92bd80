package dev.prism.upstream;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The catalog service: product search, batch lookup by sku and single products. */
public class CatalogClient {

	private final UpstreamHttp http;

	CatalogClient(UpstreamHttp http) {
		this.http = http;
	}

	/** One page of products, optionally filtered by a text query and a category. */
	public ProductPage search(String query, String category, int page, int size) {
		return this.http.get(uri -> uri.path("/products")
			.queryParamIfPresent("q", Optional.ofNullable(query).filter(q -> !q.isBlank()))
			.queryParamIfPresent("category", Optional.ofNullable(category).filter(c -> !c.isBlank()))
			.queryParam("page", page)
			.queryParam("size", size)
			.build(), ProductPage.class);
	}

	/** The products with these skus in the order asked for, in one call; unknown skus are left out. */
	public List<Product> products(Collection<String> skus) {
		if (skus.isEmpty()) {
			return List.of();
		}
		List<String> wanted = List.copyOf(skus);
		ProductPage page = this.http.get(
				uri -> uri.path("/products").queryParam("skus", String.join(",", wanted)).build(), ProductPage.class);
		return page.items()
			.stream()
			.filter(product -> wanted.contains(product.sku()))
			.sorted(Comparator.comparingInt(product -> wanted.indexOf(product.sku())))
			.toList();
	}

	/**
	 * One product.
	 * @throws UpstreamNotFoundException when the catalog does not know the sku
	 */
	public Product product(String sku) {
		return this.http.get(uri -> uri.path("/products/{sku}").build(sku), Product.class);
	}

}
