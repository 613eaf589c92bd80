package dev.prism.upstream;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The pricing service: current prices for a batch of skus in one call. */
public class PricingClient {

	private final UpstreamHttp http;

	PricingClient(UpstreamHttp http) {
		this.http = http;
	}

	/** Prices by sku; a sku the pricing service does not know is absent (that is data, not a failure). */
	public Map<String, Price> prices(Collection<String> skus) {
		if (skus.isEmpty()) {
			return Map.of();
		}
		PriceList list = this.http.get(uri -> uri.path("/prices").queryParam("skus", String.join(",", skus)).build(),
				PriceList.class);
		Map<String, Price> prices = new LinkedHashMap<>();
		list.prices().forEach(price -> prices.put(price.sku(), price));
		return prices;
	}

	record PriceList(List<Price> prices) {
		PriceList {
			prices = prices == null ? List.of() : prices;
		}
	}

}
