package dev.prism.demo;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;

/**
 * The demo orders service ({@code openapi/upstreams.yaml}) over {@link DemoOrders}: a customer's orders, one order, and
 * {@code POST /orders} with its {@code Idempotency-Key}, whose answer the lose-response faults drop after the commit.
 */
final class DemoOrdersApi {

	private static final Pattern CUSTOMER_ORDERS = Pattern.compile("/customers/([^/]+)/orders");

	private static final Pattern ORDER = Pattern.compile("/orders/([^/]+)");

	private final DemoOrders orders;

	private final DemoFaults faults;

	DemoOrdersApi(DemoOrders orders, DemoFaults faults) {
		this.orders = orders;
		this.faults = faults;
	}

	void orders(DemoExchange exchange) throws IOException {
		String method = exchange.method();
		Matcher customerOrders = CUSTOMER_ORDERS.matcher(exchange.rest());
		Matcher order = ORDER.matcher(exchange.rest());
		if (method.equals("GET") && customerOrders.matches()
				&& !exchange.actsFor(DemoExchange.decode(customerOrders.group(1)))) {
			exchange.problem(403, "forbidden", "The token's user is another customer.");
		}
		else if (method.equals("GET") && customerOrders.matches()) {
			exchange.json(200, Map.of("items", this.orders.ordersOf(DemoExchange.decode(customerOrders.group(1)),
					exchange.intParam("limit", 10, 1, 100))));
		}
		else if (method.equals("GET") && order.matches()) {
			Map<String, Object> found = this.orders.order(DemoExchange.decode(order.group(1)));
			if (found == null || !exchange.actsFor(found.get("customerId"))) {
				// Another customer's order is not theirs to know of.
				exchange.problem(404, "not-found", "No such order.");
			}
			else {
				exchange.json(200, found);
			}
		}
		else if (method.equals("POST") && exchange.rest().equals("/orders")) {
			place(exchange);
		}
		else {
			exchange.problem(404, "not-found", "No such resource.");
		}
	}

	private void place(DemoExchange exchange) throws IOException {
		String key = exchange.header("Idempotency-Key");
		if (key == null || key.isBlank() || key.length() > 200) {
			exchange.problem(400, "idempotency-key-required", "POST /orders requires an Idempotency-Key header.");
			return;
		}
		Object body;
		try {
			body = DemoExchange.JSON.readValue(exchange.body(), Object.class);
		}
		catch (JacksonException ex) {
			body = null;
		}
		if (!(body instanceof Map<?, ?> request)) {
			exchange.problem(400, "invalid-request", "The body is not a JSON object.");
			return;
		}
		if (!exchange.actsFor(request.get("customerId"))) {
			exchange.problem(403, "forbidden", "The token's user is another customer.");
			return;
		}
		try {
			DemoOrders.Placed placed = this.orders.place(key, request);
			DemoFaults.Fault fault = this.faults.of("orders");
			if (fault.mode() == DemoFaults.Mode.LOSE_RESPONSE_ONCE) {
				// The order is committed; the answer is lost on the way back.
				this.faults.set("orders", DemoFaults.Fault.NONE);
				throw new DemoExchange.DroppedConnection();
			}
			if (fault.mode() == DemoFaults.Mode.LOSE_RESPONSE
					&& ThreadLocalRandom.current().nextDouble() < fault.errorRate()) {
				throw new DemoExchange.DroppedConnection();
			}
			if (placed.replayed()) {
				exchange.setHeader("Idempotent-Replayed", "true");
			}
			exchange.json(201, placed.order());
		}
		catch (DemoOrders.Rejected ex) {
			exchange.problem(ex.status, "rejected", String.valueOf(ex.getMessage()));
		}
	}

}
