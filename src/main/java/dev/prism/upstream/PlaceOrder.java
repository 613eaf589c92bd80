package dev.prism.upstream;

import java.util.List;

/**
 * An order to place with the orders service on behalf of a customer.
 *
 * @param customerId the account the order is for
 * @param channel the channel placing it: {@code web}, {@code mobile} or {@code partner}
 * @param lines what to order
 */
public record PlaceOrder(String customerId, String channel, List<Line> lines) {

	public PlaceOrder {
		lines = List.copyOf(lines);
	}

	/** One line of the order. */
	public record Line(String sku, int quantity) {
	}

}
