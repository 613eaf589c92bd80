package dev.prism.upstream;

import java.util.List;

/** One page of catalog products. */
public record ProductPage(List<Product> items, int page, int size, long total) {

	public ProductPage {
		items = items == null ? List.of() : List.copyOf(items);
	}

	/** Whether a further page exists after this one. */
	public boolean hasNext() {
		return (long) (this.page + 1) * this.size < this.total;
	}

	/** The skus of the page's products, in order. */
	public List<String> skus() {
		return this.items.stream().map(Product::sku).toList();
	}

}
