package dev.prism.upstream;

import java.time.Instant;
import java.util.List;

/** An order as the orders service holds it. */
public record Order(String id, String customerId, Status status, List<Line> lines, Money total, Instant createdAt) {

	public Order {
		lines = lines == null ? List.of() : List.copyOf(lines);
	}

	/** The orders service's order states. */
	public enum Status {

		PLACED, SHIPPED, DELIVERED, CANCELLED

	}

	/** One order line, priced by the orders service. */
	public record Line(String sku, int quantity, String unitPrice) {
	}

}
