package dev.prism.upstream;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The pricing service: current prices for a batch of skus in one call, cached for seconds. */
public class PricingClient {

	private final UpstreamHttp http;

	private final UpstreamCache cache;

	PricingClient(UpstreamHttp http, UpstreamCache cache) {
		this.http = http;
		this.cache = cache;
	}

	/** Prices by sku; a sku the pricing service does not know is absent (that is data, not a failure). */
	public Map<String, Price> prices(Collection<String> skus) {
		if (skus.isEmpty()) {
			return Map.of();
		}
		List<String> wanted = skus.stream().distinct().toList();
		return this.cache.getAll("price", wanted, this::fetch);
	}

	private Map<String, Price> fetch(List<String> skus) {
		PriceList list = this.http.get("prices",
				UpstreamPath.of("/prices").query("skus", String.join(",", skus)), PriceList.class);
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
