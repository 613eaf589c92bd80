package dev.prism.upstream;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The inventory service: stock for a batch of skus in one call. */
public class InventoryClient {

	private final UpstreamHttp http;

	InventoryClient(UpstreamHttp http) {
		this.http = http;
	}

	/** Availability by sku; unknown skus are absent. */
	public Map<String, Availability> availability(Collection<String> skus) {
		if (skus.isEmpty()) {
			return Map.of();
		}
		AvailabilityList list = this.http.get(
				uri -> uri.path("/availability").queryParam("skus", String.join(",", skus)).build(),
				AvailabilityList.class);
		Map<String, Availability> availability = new LinkedHashMap<>();
		list.items().forEach(item -> availability.put(item.sku(), item));
		return availability;
	}

	record AvailabilityList(List<Availability> items) {
		AvailabilityList {
			items = items == null ? List.of() : items;
		}
	}

}
