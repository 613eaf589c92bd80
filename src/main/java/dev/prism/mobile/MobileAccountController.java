package dev.prism.mobile;

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
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import dev.prism.platform.apidocs.ApiDocs;
import dev.prism.platform.idempotency.IdempotentRequests;
import dev.prism.upstream.Branch;
import dev.prism.upstream.Customer;
import dev.prism.upstream.CustomersClient;
import dev.prism.upstream.FanOut;
import dev.prism.upstream.Order;
import dev.prism.upstream.OrdersClient;
import dev.prism.upstream.PlaceOrder;
import dev.prism.upstream.Sku;

/** The app user's profile with their last orders, and order placement; the customer is the token's subject. */
@RestController
class MobileAccountController {

	private final CustomersClient customers;

	private final OrdersClient orders;

	private final FanOut fanOut;

	private final MobileProperties properties;

	private final IdempotentRequests idempotentRequests;

	MobileAccountController(CustomersClient customers, OrdersClient orders, FanOut fanOut, MobileProperties properties,
			IdempotentRequests idempotentRequests) {
		this.customers = customers;
		this.orders = orders;
		this.fanOut = fanOut;
		this.properties = properties;
		this.idempotentRequests = idempotentRequests;
	}

	record OrderSummary(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String id, @Nullable String status,
			int items, @Nullable String total, @Nullable String createdAt) {

		static OrderSummary from(Order order) {
			return new OrderSummary(order.id(), order.status() == null ? null : order.status().name(),
					order.lines().stream().mapToInt(Order.Line::quantity).sum(), MobileViews.formatted(order.total()),
					order.createdAt() == null ? null : order.createdAt().toString());
		}

	}

	record Me(String name, String tier, List<OrderSummary> orders) {
	}

	record OrderLineRequest(@NotNull @Pattern(regexp = Sku.PATTERN) String sku,
			@Min(1) @Max(99) int quantity) {
	}

	record PlaceOrderRequest(@NotNull @Size(min = 1, max = 50) List<@Valid @NotNull OrderLineRequest> lines) {
	}

	@GetMapping("/mobile/api/me")
	@Tag(name = "Account", description = "The app user's profile and orders")
	@Operation(summary = "Profile and last orders")
	@ApiResponse(responseCode = "200", description = "The profile")
	@ApiResponse(responseCode = "404", description = "The customers service does not know the token's customer")
	@ApiDocs.ComposedFromUpstreams
	ResponseEntity<Me> me(@AuthenticationPrincipal Jwt token) {
		String customerId = MobileCustomer.of(token);
		Branch<List<Order>> recent = this.fanOut.fork("orders",
				() -> this.orders.ordersOf(customerId, this.properties.recentOrders()));
		Customer customer = this.customers.customer(customerId);
		return ResponseEntity.ok()
			.cacheControl(CacheControl.noCache().cachePrivate())
			.body(new Me(customer.name(), customer.tier(), recent.join().stream().map(OrderSummary::from).toList()));
	}

	@PostMapping("/mobile/api/orders")
	@Tag(name = "Orders", description = "Placing orders, exactly once per Idempotency-Key")
	@Operation(summary = "Place an order",
			description = "Placed for the token's customer. Send an Idempotency-Key to retry safely: the same key with "
					+ "the same body answers the same order; without one, Prism makes one for this request.")
	@ApiDocs.IdempotentOrder
	@ApiDocs.ComposedFromUpstreams
	ResponseEntity<OrderSummary> placeOrder(@AuthenticationPrincipal Jwt token,
			@Parameter(description = "Your key for this order (1-128 of A-Z a-z 0-9 . _ : -)")
			@RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
			@Valid @RequestBody PlaceOrderRequest request) {
		String customerId = MobileCustomer.of(token);
		String key = IdempotentRequests.scopedKey(customerId, idempotencyKey);
		PlaceOrder order = new PlaceOrder(customerId, "mobile",
				request.lines().stream().map(line -> new PlaceOrder.Line(line.sku(), line.quantity())).toList());
		return this.idempotentRequests.execute(key, request, OrderSummary.class, () -> {
			Order placed = this.orders.place(order, key);
			return ResponseEntity.status(HttpStatus.CREATED)
				.location(URI.create("/mobile/api/orders/" + placed.id()))
				.body(OrderSummary.from(placed));
		});
	}

}
