package dev.prism.upstream;

import java.util.List;

/** The orders service: a customer's orders, single orders, and placing orders exactly once. */
public class OrdersClient {

	private final UpstreamHttp http;

	OrdersClient(UpstreamHttp http) {
		this.http = http;
	}

	/** A customer's most recent orders, newest first. */
	public List<Order> ordersOf(String customerId, int limit) {
		return this.http.get("orders-of-customer", UpstreamPath.of("/customers").segment(customerId).then("/orders").query("limit", limit),
				OrderList.class).items();
	}

	/**
	 * @throws UpstreamNotFoundException when there is no such order
	 */
	public Order order(String id) {
		return this.http.get("order", UpstreamPath.of("/orders").segment(id), Order.class);
	}

	/**
	 * Places an order. The orders service creates at most one order per {@code idempotencyKey}; the same key again
	 * answers the same order.
	 * @param idempotencyKey already scoped to the caller ({@code <customer-or-partner>:<key>})
	 */
	public Order place(PlaceOrder order, String idempotencyKey) {
		return this.http.post("place-order", UpstreamPath.of("/orders"), order, idempotencyKey, Order.class);
	}

	record OrderList(List<Order> items) {
		OrderList {
			items = items == null ? List.of() : items;
		}
	}

}
