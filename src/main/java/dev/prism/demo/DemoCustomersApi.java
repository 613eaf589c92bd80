package dev.prism.demo;

import java.io.IOException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo customers and recommendations services ({@code openapi/upstreams.yaml}) over {@link DemoCatalog}'s
 * customers.
 */
final class DemoCustomersApi {

	private static final Pattern CUSTOMER = Pattern.compile("/customers/([^/]+)");

	private final DemoCatalog catalog;

	DemoCustomersApi(DemoCatalog catalog) {
		this.catalog = catalog;
	}

	/** {@code GET /customers/{id}}. */
	void customers(DemoExchange exchange) throws IOException {
		Matcher matcher = CUSTOMER.matcher(exchange.rest());
		Map<String, Object> customer = exchange.method().equals("GET") && matcher.matches()
				? this.catalog.customer(DemoExchange.decode(matcher.group(1))) : null;
		if (customer == null) {
			exchange.problem(404, "not-found", "No such customer.");
		}
		else if (!exchange.actsFor(customer.get("id"))) {
			exchange.problem(403, "forbidden", "The token's user is another customer.");
		}
		else {
			exchange.json(200, customer);
		}
	}

	/** {@code GET /recommendations?sku=&customerId=&limit=}. */
	void recommendations(DemoExchange exchange) throws IOException {
		if (!exchange.method().equals("GET") || !exchange.rest().equals("/recommendations")
				|| exchange.query("sku") == null) {
			exchange.problem(400, "invalid-request", "GET /recommendations?sku= is required.");
			return;
		}
		int limit = exchange.intParam("limit", 4, 0, 20);
		exchange.json(200, Map.of("skus",
				this.catalog.recommendations(exchange.query("sku"), exchange.query("customerId"), limit)));
	}

}
