package dev.prism.demo;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * The demo orders service: in memory, and exactly once per {@code Idempotency-Key} — the same key with the same order
 * answers the order it created, the same key with another order is rejected, and concurrent requests with one key
 * create one order.
 */
final class DemoOrders {

	private static final List<String> CHANNELS = List.of("web", "mobile", "partner");

	private final DemoCatalog catalog;

	private final Map<String, Map<String, Object>> orders = new ConcurrentHashMap<>();

	private final Map<String, Keyed> byKey = new ConcurrentHashMap<>();

	private final AtomicInteger sequence = new AtomicInteger(5000);

	private final AtomicInteger created = new AtomicInteger();

	DemoOrders(DemoCatalog catalog) {
		this.catalog = catalog;
		seed("c-1001", "DELIVERED", "2026-10-02T09:30:00Z", new Line("SKU-1001", 1), new Line("SKU-1004", 2));
		seed("c-1001", "SHIPPED", "2026-11-18T15:12:00Z", new Line("SKU-1009", 1));
		seed("c-1001", "PLACED", "2026-11-20T09:30:00Z", new Line("SKU-1002", 2));
		seed("c-1002", "CANCELLED", "2026-09-14T11:00:00Z", new Line("SKU-1020", 1));
		seed("c-1002", "DELIVERED", "2026-10-30T17:45:00Z", new Line("SKU-1013", 1), new Line("SKU-1031", 1));
	}

	/** An order as requested, validated; two requests are the same order when they are equal. */
	record Request(String customerId, String channel, List<Line> lines) {
	}

	/** One requested line. */
	record Line(String sku, int quantity) {
	}

	/** What placing an order answered: the order, and whether an earlier request with the key created it. */
	record Placed(Map<String, Object> order, boolean replayed) {
	}

	/** Thrown for a request the orders service rejects with a 4xx problem. */
	static final class Rejected extends RuntimeException {

		final int status;

		Rejected(int status, String detail) {
			super(detail);
			this.status = status;
		}

	}

	private record Keyed(Request request, String orderId) {
	}

	/** Places the order of a parsed JSON body once per key; throws {@link Rejected} for an invalid order. */
	Placed place(String idempotencyKey, Map<?, ?> body) {
		Request request = validate(body);
		boolean[] createdNow = new boolean[1];
		Keyed keyed = this.byKey.computeIfAbsent(idempotencyKey, key -> {
			createdNow[0] = true;
			return new Keyed(request, create(request));
		});
		if (!keyed.request().equals(request)) {
			throw new Rejected(422, "This Idempotency-Key was already used for a different order.");
		}
		return new Placed(Objects.requireNonNull(this.orders.get(keyed.orderId())), !createdNow[0]);
	}

	@Nullable Map<String, Object> order(String id) {
		return this.orders.get(id);
	}

	/** A customer's orders, newest first. */
	List<Map<String, Object>> ordersOf(String customerId, int limit) {
		return this.orders.values()
			.stream()
			.filter(order -> customerId.equals(order.get("customerId")))
			.sorted(Comparator.comparing((Map<String, Object> order) -> (String) order.get("createdAt")).reversed())
			.limit(limit)
			.toList();
	}

	/** How many orders POST /orders created (seeded orders excluded). */
	int created() {
		return this.created.get();
	}

	private Request validate(Map<?, ?> body) {
		if (!(body.get("customerId") instanceof String customerId) || this.catalog.customer(customerId) == null) {
			throw new Rejected(422, "Unknown customer.");
		}
		if (!(body.get("channel") instanceof String channel) || !CHANNELS.contains(channel)) {
			throw new Rejected(422, "channel must be web, mobile or partner.");
		}
		if (!(body.get("lines") instanceof List<?> lines) || lines.isEmpty() || lines.size() > 50) {
			throw new Rejected(422, "An order has 1 to 50 lines.");
		}
		List<Line> valid = new ArrayList<>();
		for (Object line : lines) {
			Object sku = line instanceof Map<?, ?> map ? map.get("sku") : null;
			Object quantity = line instanceof Map<?, ?> map ? map.get("quantity") : null;
			if (!(sku instanceof String s) || this.catalog.product(s) == null) {
				throw new Rejected(422, "Unknown sku" + (sku instanceof String s ? " " + s : "") + ".");
			}
			if (!(quantity instanceof Integer q) || q < 1 || q > 99) {
				throw new Rejected(422, "quantity must be a whole number from 1 to 99.");
			}
			if (this.catalog.price(s) == null) {
				throw new Rejected(422, "Sku " + s + " has no price and cannot be ordered.");
			}
			valid.add(new Line(s, q));
		}
		return new Request(customerId, channel, List.copyOf(valid));
	}

	private String create(Request request) {
		Map<String, Object> order = build(request.customerId(), "PLACED", Instant.now().toString(), request.lines());
		String id = (String) Objects.requireNonNull(order.get("id"));
		this.orders.put(id, order);
		this.created.incrementAndGet();
		return id;
	}

	private void seed(String customerId, String status, String createdAt, Line... lines) {
		Map<String, Object> order = build(customerId, status, createdAt, List.of(lines));
		this.orders.put((String) order.get("id"), order);
	}

	/** The order as the contract shows it: lines priced from the pricing data, the total summed exactly. */
	private Map<String, Object> build(String customerId, String status, String createdAt, List<Line> lines) {
		BigDecimal total = BigDecimal.ZERO;
		List<Map<String, Object>> priced = new ArrayList<>();
		for (Line line : lines) {
			String unitPrice = (String) Objects.requireNonNull(this.catalog.price(line.sku())).get("amount");
			total = total.add(new BigDecimal(unitPrice).multiply(BigDecimal.valueOf(line.quantity())));
			priced.add(Map.of("sku", line.sku(), "quantity", line.quantity(), "unitPrice", unitPrice));
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

}
