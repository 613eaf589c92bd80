package dev.prism.demo;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

import org.jspecify.annotations.Nullable;

/**
 * The demo shop's data, generated deterministically from a fixed seed: 72 products over six categories with prices,
 * stock, reviews and recommendations, and two customers. The same data on every start, so examples and tests agree.
 */
public final class DemoCatalog {

	static final List<String> CATEGORIES = List.of("shoes", "jackets", "backpacks", "tents", "sleeping-bags",
			"accessories");

	private static final Map<String, List<String>> MODELS = Map.of("shoes",
			List.of("Trail Runner", "Summit Hiker", "Ridge Walker", "Canyon Sprint", "Alpine Approach", "Moss Trekker",
					"Granite Boot", "River Sandal", "Scree Runner", "Glacier Boot", "Forest Jogger", "Peak Climber"),
			"jackets",
			List.of("Storm Shell", "Down Parka", "Fleece Midlayer", "Wind Breaker", "Rain Poncho", "Insulated Hoody",
					"Softshell Pro", "Ultralight Puffer", "Alpine Guide Jacket", "Trail Vest", "Ski Shell",
					"Summit Anorak"),
			"backpacks",
			List.of("Day Pack", "Summit Pack", "Trail Pack", "Expedition Pack", "Hydration Pack", "Commuter Pack",
					"Climbing Pack", "Ultralight Pack", "Photo Pack", "Kids Pack", "Duffel", "Hip Pack"),
			"tents",
			List.of("Solo Tent", "Dome Tent", "Tunnel Tent", "Family Tent", "Bivy", "Tarp Shelter", "Geodesic Tent",
					"Pop-up Tent", "Hammock Tent", "Basecamp Tent", "Trekking Pole Tent", "Festival Tent"),
			"sleeping-bags",
			List.of("Summer Bag", "Three-Season Bag", "Winter Bag", "Quilt", "Liner", "Kids Bag", "Double Bag",
					"Down Mummy", "Synthetic Mummy", "Travel Bag", "Expedition Bag", "Camp Blanket"),
			"accessories",
			List.of("Headlamp", "Trekking Poles", "Water Filter", "Camp Stove", "Titanium Mug", "Map Case",
					"Merino Socks", "Sun Hat", "Gaiters", "First Aid Kit", "Compass", "Dry Bag"));

	private static final List<String> BRANDS = List.of("Northpeak", "Alpenglow", "Timberline", "Cairn & Co",
			"Bluewater", "Fjellkraft");

	private static final List<String> COLORS = List.of("red", "blue", "green", "black", "orange", "grey");

	private static final List<String> AUTHORS = List.of("Dana", "Luis", "Mei", "Oskar", "Priya", "Tomás", "Amara",
			"Jon");

	private static final Map<String, String> TITLES = Map.of("5", "Exactly what I needed", "4",
			"Very good, small quibbles", "3", "Does the job", "2", "Disappointing", "1", "Would not buy again");

	private final Map<String, Map<String, Object>> products = new LinkedHashMap<>();

	private final Map<String, Map<String, Object>> prices = new LinkedHashMap<>();

	private final Map<String, Map<String, Object>> stock = new LinkedHashMap<>();

	private final Map<String, Map<String, Object>> reviews = new LinkedHashMap<>();

	private final Map<String, Map<String, Object>> customers = new LinkedHashMap<>();

	public DemoCatalog() {
		Random random = new Random(20261124L);
		int number = 1001;
		for (int m = 0; m < 12; m++) {
			for (String category : CATEGORIES) {
				String sku = "SKU-" + number++;
				String model = MODELS.getOrDefault(category, List.of()).get(m);
				String brand = BRANDS.get(random.nextInt(BRANDS.size()));
				String color = COLORS.get(random.nextInt(COLORS.size()));
				Map<String, Object> product = new LinkedHashMap<>();
				product.put("sku", sku);
				product.put("name", model + " " + (2 + random.nextInt(4)));
				product.put("brand", brand);
				product.put("category", category);
				product.put("description", "The " + model + " by " + brand + " is built for long days outdoors: "
						+ "durable, light and made to be repaired rather than replaced. Tested by our guides in "
						+ "rain, snow and summer heat, it comes with a two-year warranty.");
				product.put("images", List.of(
						Map.of("url", "https://img.example/" + sku + "/main.jpg", "width", 1200, "height", 1200),
						Map.of("url", "https://img.example/" + sku + "/side.jpg", "width", 1200, "height", 1200)));
				product.put("attributes", Map.of("color", color, "weight", (200 + random.nextInt(1800)) + "g"));
				product.put("updatedAt", Instant.parse("2026-11-01T10:00:00Z").plusSeconds(3600L * number).toString());
				this.products.put(sku, product);

				// Two skus have no price: the pricing service does not know them (that is data, not a failure).
				if (number % 37 != 0) {
					BigDecimal list = BigDecimal.valueOf(1990 + random.nextInt(38000), 2);
					int savings = random.nextInt(4) == 0 ? 5 * (1 + random.nextInt(6)) : 0;
					BigDecimal amount = list.multiply(BigDecimal.valueOf(100 - savings))
						.divide(BigDecimal.valueOf(100), 2, RoundingMode.HALF_UP);
					Map<String, Object> price = new LinkedHashMap<>();
					price.put("sku", sku);
					price.put("currency", "EUR");
					price.put("amount", amount.toPlainString());
					price.put("listAmount", list.toPlainString());
					price.put("savingsPercent", savings);
					this.prices.put(sku, price);
				}
				int quantity = switch (random.nextInt(5)) {
					case 0 -> 0;
					case 1 -> 1 + random.nextInt(4);
					default -> 5 + random.nextInt(60);
				};
				this.stock.put(sku, Map.of("sku", sku, "status",
						quantity == 0 ? "OUT_OF_STOCK" : quantity < 5 ? "LOW_STOCK" : "IN_STOCK", "quantity", quantity));

				int count = random.nextInt(6) == 0 ? 0 : 3 + random.nextInt(150);
				List<Map<String, Object>> items = new ArrayList<>();
				double sum = 0;
				for (int r = 0; r < Math.min(count, 5); r++) {
					int rating = Math.max(1, 5 - random.nextInt(random.nextBoolean() ? 2 : 5));
					sum += rating;
					items.add(Map.of("id", "r-" + sku.substring(4) + "-" + (r + 1), "author",
							AUTHORS.get(random.nextInt(AUTHORS.size())), "rating", rating, "title",
							TITLES.get(Integer.toString(rating)), "body",
							"Used it for " + (2 + random.nextInt(20)) + " days on the trail. "
									+ (rating >= 4 ? "Comfortable and well made." : "Expected more for the price."),
							"createdAt", Instant.parse("2026-10-01T08:00:00Z").plusSeconds(86_400L * r).toString()));
				}
				double average = count == 0 ? 0 : Math.round((sum / Math.max(1, items.size())) * 10) / 10.0;
				this.reviews.put(sku,
						Map.of("sku", sku, "averageRating", average, "count", count, "items", List.copyOf(items)));
			}
		}
		this.customers.put("c-1001",
				Map.of("id", "c-1001", "name", "Alice Example", "email", "alice@example.com", "tier", "GOLD"));
		this.customers.put("c-1002",
				Map.of("id", "c-1002", "name", "Bob Builder", "email", "bob@example.com", "tier", "SILVER"));
	}

	public List<String> skus() {
		return List.copyOf(this.products.keySet());
	}

	@Nullable Map<String, Object> product(String sku) {
		return this.products.get(sku);
	}

	/** Products whose name, brand or category contains the text query, in the category if one is given, in sku order. */
	List<Map<String, Object>> search(@Nullable String query, @Nullable String category) {
		String q = query == null ? "" : query.toLowerCase();
		return this.products.values()
			.stream()
			.filter(product -> category == null || category.isBlank() || category.equals(product.get("category")))
			.filter(product -> q.isBlank() || (product.get("name") + " " + product.get("brand") + " "
					+ product.get("category")).toLowerCase().contains(q))
			.toList();
	}

	@Nullable Map<String, Object> price(String sku) {
		return this.prices.get(sku);
	}

	@Nullable Map<String, Object> stock(String sku) {
		return this.stock.get(sku);
	}

	@Nullable Map<String, Object> reviews(String sku) {
		return this.reviews.get(sku);
	}

	@Nullable Map<String, Object> customer(String id) {
		return this.customers.get(id);
	}

	/** Other products of the same category, rotated by the customer so recommendations feel personal. */
	List<String> recommendations(@Nullable String sku, @Nullable String customerId, int limit) {
		Map<String, Object> product = this.products.get(sku);
		if (product == null) {
			return List.of();
		}
		List<String> sameCategory = new ArrayList<>(this.products.values()
			.stream()
			.filter(other -> Objects.equals(other.get("category"), product.get("category"))
					&& !Objects.equals(other.get("sku"), sku))
			.map(other -> (String) other.get("sku"))
			.toList());
		Collections.rotate(sameCategory, customerId == null ? 0 : Math.floorMod(customerId.hashCode(), 7));
		return sameCategory.subList(0, Math.min(limit, sameCategory.size()));
	}

}
