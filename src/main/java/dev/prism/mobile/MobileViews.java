package dev.prism.mobile;

import java.util.Currency;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.prism.upstream.Availability;
import dev.prism.upstream.Money;
import dev.prism.upstream.Price;
import dev.prism.upstream.Product;

import org.jspecify.annotations.Nullable;

/** The mobile channel's compact view records: short names, formatted strings, nothing the screen does not show. */
final class MobileViews {

	private MobileViews() {
	}

	/** A product card for the feed. */
	record ProductCard(String sku, String name, @Nullable String thumbnail,
			@JsonInclude(JsonInclude.Include.ALWAYS) @Nullable String price,
			boolean inStock) {

		static ProductCard from(Product product, @Nullable Price price, @Nullable Availability availability,
				int thumbnailWidth) {
			return new ProductCard(product.sku(), product.name(), product.thumbnailUrl(thumbnailWidth),
					formatted(price), availability != null && availability.inStock());
		}

	}

	/** The compact product screen; the long description only when asked for. */
	record ProductDetail(String sku, String name, String brand, @Nullable String thumbnail,
			@JsonInclude(JsonInclude.Include.ALWAYS) @Nullable String price, @Nullable Boolean inStock,
			@Nullable Double rating, @Nullable Integer reviews, @Nullable String description,
			@Nullable List<String> degraded) {
	}

	/** A price formatted for display, e.g. {@code €89.90}: formatting only, the amount is the pricing service's. */
	static @Nullable String formatted(@Nullable Price price) {
		return price == null ? null : formatted(price.currency(), price.amount());
	}

	/** An amount formatted for display like a price, e.g. an order total: formatting only, never arithmetic. */
	static @Nullable String formatted(@Nullable Money money) {
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
