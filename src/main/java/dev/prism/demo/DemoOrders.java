package dev.prism.demo;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The demo orders service: in memory, and exactly once per {@code Idempotency-Key} — the same key with the same body
 * answers the order it created, the same key with another body is rejected, and concurrent requests with one key
 * create one order.
 */
final class DemoOrders {

	private final DemoCatalog catalog;

	private final Map<String, Map<String, Object>> orders = new ConcurrentHashMap<>();

	private final Map<String, Keyed> byKey = new ConcurrentHashMap<>();

	private final AtomicInteger sequence = new AtomicInteger(5000);

	private final AtomicInteger created = new AtomicInteger();

	DemoOrders(DemoCatalog catalog) {
		this.catalog = catalog;
		seed("c-1001", "DELIVERED", "2026-10-02T09:30:00Z", List.of(line("SKU-1001", 1), line("SKU-1004", 2)));
		seed("c-1001", "SHIPPED", "2026-11-18T15:12:00Z", List.of(line("SKU-1009", 1)));
		seed("c-1001", "PLACED", "2026-11-20T09:30:00Z", List.of(line("SKU-1002", 2)));
		seed("c-1002", "CANCELLED", "2026-09-14T11:00:00Z", List.of(line("SKU-1020", 1)));
		seed("c-1002", "DELIVERED", "2026-10-30T17:45:00Z", List.of(line("SKU-1013", 1), line("SKU-1031", 1)));
	}

	/** What placing an order answered: the order, and whether it was created by this request. */
	record Placed(Map<String, Object> order, boolean replayed) {
	}

	/** Thrown for a request the orders service rejects (422 or 404). */
	static final class Rejected extends RuntimeException {

		final int status;

		Rejected(int status, String detail) {
			super(detail);
			this.status = status;
		}

	}

	private record Keyed(String fingerprint, String orderId) {
	}

	Placed place(String idempotencyKey, String customerId, String channel, List<Map<String, Object>> lines,
			String fingerprint) {
		validate(customerId, channel, lines);
		boolean[] createdNow = new boolean[1];
		Keyed keyed = this.byKey.computeIfAbsent(idempotencyKey, key -> {
			createdNow[0] = true;
			Map<String, Object> order = create(customerId, channel, lines);
			return new Keyed(fingerprint, (String) order.get("id"));
		});
		if (!keyed.fingerprint().equals(fingerprint)) {
			throw new Rejected(422, "This Idempotency-Key was already used for a different order.");
		}
		return new Placed(this.orders.get(keyed.orderId()), !createdNow[0]);
	}

	Map<String, Object> order(String id) {
		return this.orders.get(id);
	}

	List<Map<String, Object>> ordersOf(String customerId, int limit) {
		return this.orders.values()
			.stream()
			.filter(order -> order.get("customerId").equals(customerId))
			.sorted(Comparator.comparing((Map<String, Object> order) -> (String) order.get("createdAt")).reversed())
			.limit(limit)
			.toList();
	}

	/** How many orders POST /orders created (seeded orders excluded). */
	int created() {
		return this.created.get();
	}

	private void validate(String customerId, String channel, List<Map<String, Object>> lines) {
		if (customerId == null || this.catalog.customer(customerId) == null) {
			throw new Rejected(422, "Unknown customer.");
		}
		if (channel == null || !List.of("web", "mobile", "partner").contains(channel)) {
			throw new Rejected(422, "channel must be web, mobile or partner.");
		}
		if (lines == null || lines.isEmpty() || lines.size() > 50) {
			throw new Rejected(422, "An order has 1 to 50 lines.");
		}
		for (Map<String, Object> line : lines) {
			Object sku = line.get("sku");
			Object quantity = line.get("quantity");
			if (!(sku instanceof String s) || this.catalog.product(s) == null) {
				throw new Rejected(422, "Unknown sku " + (sku instanceof String s ? s : "") + ".");
			}
			if (!(quantity instanceof Number n) || n.intValue() < 1 || n.intValue() > 99) {
				throw new Rejected(422, "quantity must be 1 to 99.");
			}
			if (this.catalog.price(s) == null) {
				throw new Rejected(422, "Sku " + s + " has no price and cannot be ordered.");
			}
		}
	}

	private Map<String, Object> create(String customerId, String channel, List<Map<String, Object>> lines) {
		Map<String, Object> order = build(customerId, "PLACED", Instant.now().toString(), lines);
		order.put("channel", channel);
		this.orders.put((String) order.get("id"), order);
		this.created.incrementAndGet();
		return order;
	}

	private void seed(String customerId, String status, String createdAt, List<Map<String, Object>> lines) {
		Map<String, Object> order = build(customerId, status, createdAt, lines);
		this.orders.put((String) order.get("id"), order);
	}

	private Map<String, Object> build(String customerId, String status, String createdAt,
			List<Map<String, Object>> lines) {
		BigDecimal total = BigDecimal.ZERO;
		List<Map<String, Object>> priced = new ArrayList<>();
		for (Map<String, Object> line : lines) {
			String sku = (String) line.get("sku");
			int quantity = ((Number) line.get("quantity")).intValue();
			String unitPrice = (String) this.catalog.price(sku).get("amount");
			total = total.add(new BigDecimal(unitPrice).multiply(BigDecimal.valueOf(quantity)));
			priced.add(Map.of("sku", sku, "quantity", quantity, "unitPrice", unitPrice));
		}
		Map<String, Object> order = new LinkedHashMap<>();
		order.put("id", "o-" + this.sequence.incrementAndGet());
		order.put("customerId", customerId);
		order.put("status", status);
		order.put("lines", List.copyOf(priced));
		order.put("total", Map.of("currency", "EUR", "amount", total.toPlainString()));
		order.put("createdAt", createdAt);
		return order;
	}

	private static Map<String, Object> line(String sku, int quantity) {
		return Map.of("sku", sku, "quantity", quantity);
	}

}
