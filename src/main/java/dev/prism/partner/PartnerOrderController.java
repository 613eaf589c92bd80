package dev.prism.partner;

import java.net.URI;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.jspecify.annotations.Nullable;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import dev.prism.platform.apidocs.ApiDocs;
import dev.prism.platform.idempotency.IdempotentRequests;
import dev.prism.platform.problem.InvalidRequestException;
import dev.prism.platform.problem.NotFoundException;
import dev.prism.upstream.Order;
import dev.prism.upstream.OrdersClient;
import dev.prism.upstream.PlaceOrder;
import dev.prism.upstream.Sku;
import dev.prism.upstream.UpstreamNotFoundException;

/**
 * Partners place orders for their own account, exactly once per {@code Idempotency-Key}, and read back only their own
 * orders: an order belongs to a partner when it was placed for the partner's configured customer account, which no
 * other partner shares — another partner's order id answers 404, exactly like an unknown one.
 */
@RestController
@Tag(name = "Orders", description = "Placing and reading orders (scope orders:write)")
class PartnerOrderController {

	private final OrdersClient orders;

	private final IdempotentRequests idempotentRequests;

	PartnerOrderController(OrdersClient orders, IdempotentRequests idempotentRequests) {
		this.orders = orders;
		this.idempotentRequests = idempotentRequests;
	}

	record OrderLineV1(@NotNull @Pattern(regexp = Sku.PATTERN) String sku,
			@Min(1) @Max(99) int quantity) {
	}

	/** An order to place: 1 to 50 lines, quantities 1 to 99. */
	record PlaceOrderV1(@NotNull @Size(min = 1, max = 50) List<@Valid @NotNull OrderLineV1> lines) {
	}

	record OrderLineViewV1(String sku, int quantity, String unitPrice) {
	}

	record OrderV1(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String id, @Nullable String status,
			List<OrderLineViewV1> lines, @Nullable String currency, @Nullable String total, @Nullable String createdAt) {

		static OrderV1 from(Order order) {
			return new OrderV1(order.id(), order.status() == null ? null : order.status().name(),
					order.lines()
						.stream()
						.map(line -> new OrderLineViewV1(line.sku(), line.quantity(), line.unitPrice()))
						.toList(),
					order.total() == null ? null : order.total().currency(),
					order.total() == null ? null : order.total().amount(),
					order.createdAt() == null ? null : order.createdAt().toString());
		}

	}

	@PostMapping("/partner/api/v1/orders")
	@Operation(summary = "Place an order",
			description = "Placed for your account. The same Idempotency-Key with the same body answers the same order "
					+ "(Idempotent-Replayed: true); with another body it is 422. Safe to retry after a timeout.")
	@ApiResponse(responseCode = "400", description = "Missing or invalid Idempotency-Key, or an invalid body")
	@ApiDocs.IdempotentOrder
	@ApiDocs.ComposedFromUpstreams
	ResponseEntity<OrderV1> place(@AuthenticationPrincipal PartnerIdentity partner,
			@Parameter(description = "Your unique key for this order (1-128 of A-Z a-z 0-9 . _ : -)", required = true)
			@RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
			@Valid @RequestBody PlaceOrderV1 request) {
		if (idempotencyKey == null || idempotencyKey.isBlank()) {
			throw new InvalidRequestException("idempotency-key-required", "Idempotency-Key required",
					"Partner orders need an Idempotency-Key header, so a retry never places a second order.");
		}
		String key = IdempotentRequests.scopedKey(partner.id(), idempotencyKey);
		PlaceOrder order = new PlaceOrder(partner.customerId(), "partner",
				request.lines().stream().map(line -> new PlaceOrder.Line(line.sku(), line.quantity())).toList());
		return this.idempotentRequests.execute(key, request, OrderV1.class, () -> {
			Order placed = this.orders.place(order, key);
			return ResponseEntity.status(HttpStatus.CREATED)
				.location(URI.create("/partner/api/v1/orders/" + placed.id()))
				.cacheControl(CacheControl.noStore())
				.body(OrderV1.from(placed));
		});
	}

	@GetMapping("/partner/api/v1/orders/{id}")
	@Operation(summary = "One of your orders", description = "Only orders placed with your key; any other id is 404.")
	@ApiResponse(responseCode = "200", description = "The order")
	@ApiResponse(responseCode = "404", description = "No order of yours has this id")
	@ApiDocs.ComposedFromUpstreams
	ResponseEntity<OrderV1> order(@AuthenticationPrincipal PartnerIdentity partner,
			@PathVariable @Pattern(regexp = "[A-Za-z0-9-]{1,64}") String id) {
		Order order;
		try {
			order = this.orders.order(id);
		}
		catch (UpstreamNotFoundException ex) {
			throw new NotFoundException("No order of yours has this id.");
		}
		if (!partner.customerId().equals(order.customerId())) {
			throw new NotFoundException("No order of yours has this id.");
		}
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(OrderV1.from(order));
	}

}
