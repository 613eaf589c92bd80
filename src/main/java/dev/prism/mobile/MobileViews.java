package dev.prism.mobile;

import java.util.Currency;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.prism.upstream.Availability;
import dev.prism.upstream.Money;
import dev.prism.upstream.Price;
import dev.prism.upstream.Product;

/** The mobile channel's compact view records: short names, formatted strings, nothing the screen does not show. */
final class MobileViews {

	private MobileViews() {
	}

	/** A product card for the feed. */
	record ProductCard(String sku, String name, String thumbnail, @JsonInclude(JsonInclude.Include.ALWAYS) String price,
			boolean inStock) {

		static ProductCard from(Product product, Price price, Availability availability, int thumbnailWidth) {
			return new ProductCard(product.sku(), product.name(), product.thumbnailUrl(thumbnailWidth),
					formatted(price), availability != null && availability.inStock());
		}

	}

	/** The compact product screen; the long description only when asked for. */
	record ProductDetail(String sku, String name, String brand, String thumbnail,
			@JsonInclude(JsonInclude.Include.ALWAYS) String price, Boolean inStock, Double rating, Integer reviews,
			String description, List<String> degraded) {
	}

	/** A price formatted for display, e.g. {@code €89.90}: formatting only, the amount is the pricing service's. */
	static String formatted(Price price) {
		return price == null ? null : formatted(price.currency(), price.amount());
	}

	/** An amount formatted for display like a price, e.g. an order total: formatting only, never arithmetic. */
	static String formatted(Money money) {
		return money == null ? null : formatted(money.currency(), money.amount());
	}

	private static String formatted(String currency, String amount) {
		try {
			return Currency.getInstance(currency).getSymbol(Locale.UK) + amount;
		}
		catch (IllegalArgumentException unknownCurrency) {
			return amount + " " + currency;
		}
	}

}
