package dev.prism.upstream;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The inventory service: stock for a batch of skus in one call, cached briefly if at all. */
public class InventoryClient {

	private final UpstreamHttp http;

	private final UpstreamCache cache;

	InventoryClient(UpstreamHttp http, UpstreamCache cache) {
		this.http = http;
		this.cache = cache;
	}

	/** Availability by sku; unknown skus are absent. */
	public Map<String, Availability> availability(Collection<String> skus) {
		if (skus.isEmpty()) {
			return Map.of();
		}
		List<String> wanted = skus.stream().distinct().toList();
		return this.cache.getAll("availability", wanted, this::fetch);
	}

	private Map<String, Availability> fetch(List<String> skus) {
		AvailabilityList list = this.http.get("availability",
				UpstreamPath.of("/availability").query("skus", String.join(",", skus)),
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
