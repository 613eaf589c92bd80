package dev.prism.upstream;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

import dev.prism.upstream.Availability.StockStatus;
import dev.prism.upstream.InventoryClient.AvailabilityList;

/**
 * A hand-written Jackson streaming parser of the inventory service's availability answer
 * ({@code {"items":[{"sku":..,"status":..,"quantity":..}]}}), for comparison with data binding: unknown properties are
 * skipped, an unknown status fails as it does with data binding. Benchmark code only; production binds.
 */
final class AvailabilityStreamingParser {

	private AvailabilityStreamingParser() {
	}

	static AvailabilityList parse(JsonMapper mapper, InputStream json) {
		try (JsonParser parser = mapper.createParser(json)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				throw new IllegalArgumentException("Not a JSON object");
			}
			List<Availability> items = new ArrayList<>();
			for (String name = parser.nextName(); name != null; name = parser.nextName()) {
				JsonToken value = parser.nextToken();
				if (name.equals("items") && value == JsonToken.START_ARRAY) {
					while (parser.nextToken() == JsonToken.START_OBJECT) {
						items.add(availability(parser));
					}
				}
				else {
					parser.skipChildren();
				}
			}
			return new AvailabilityList(items);
		}
	}

	private static Availability availability(JsonParser parser) {
		String sku = null;
		StockStatus status = null;
		int quantity = 0;
		for (String name = parser.nextName(); name != null; name = parser.nextName()) {
			JsonToken value = parser.nextToken();
			if (value == JsonToken.VALUE_NULL) {
				continue;
			}
			switch (name) {
				case "sku" -> sku = parser.getString();
				case "status" -> status = StockStatus.valueOf(parser.getString());
				case "quantity" -> quantity = parser.getIntValue();
				default -> parser.skipChildren();
			}
		}
		return new Availability(sku, status, quantity);
	}

}
