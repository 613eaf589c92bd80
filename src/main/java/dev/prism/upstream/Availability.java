package dev.prism.upstream;

/** A sku's stock as the inventory service reports it. */
public record Availability(String sku, StockStatus status, int quantity) {

	/** The inventory service's stock states. */
	public enum StockStatus {

		IN_STOCK, LOW_STOCK, OUT_OF_STOCK

	}

	public boolean inStock() {
		return this.status != StockStatus.OUT_OF_STOCK;
	}

}
