package dev.prism.web;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

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
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.jspecify.annotations.Nullable;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import dev.prism.platform.apidocs.ApiDocs;
import dev.prism.platform.idempotency.IdempotentRequests;
import dev.prism.upstream.Branch;
import dev.prism.upstream.CatalogClient;
import dev.prism.upstream.Customer;
import dev.prism.upstream.CustomersClient;
import dev.prism.upstream.FanOut;
import dev.prism.upstream.Order;
import dev.prism.upstream.OrdersClient;
import dev.prism.upstream.PlaceOrder;
import dev.prism.upstream.Product;
import dev.prism.upstream.Sku;

/** The logged-in customer's account page and order placement. */
@RestController
class WebAccountController {

	private final CustomersClient customers;

	private final OrdersClient orders;

	private final CatalogClient catalog;

	private final FanOut fanOut;

	private final WebLogin login;

	private final IdempotentRequests idempotentRequests;

	WebAccountController(CustomersClient customers, OrdersClient orders, CatalogClient catalog, FanOut fanOut,
			WebLogin login, IdempotentRequests idempotentRequests) {
		this.customers = customers;
		this.orders = orders;
		this.catalog = catalog;
		this.fanOut = fanOut;
		this.login = login;
		this.idempotentRequests = idempotentRequests;
	}

	record OrderLineView(String sku, @Nullable String name, int quantity, String unitPrice) {
	}

	record OrderView(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String id, @Nullable String status,
			List<OrderLineView> lines, @Nullable String currency, @Nullable String total, @Nullable String createdAt) {

		static OrderView from(Order order, Map<String, String> names) {
			return new OrderView(order.id(), order.status() == null ? null : order.status().name(),
					order.lines()
						.stream()
						.map(line -> new OrderLineView(line.sku(), names.get(line.sku()), line.quantity(),
								line.unitPrice()))
						.toList(),
					order.total() == null ? null : order.total().currency(),
					order.total() == null ? null : order.total().amount(),
					order.createdAt() == null ? null : order.createdAt().toString());
		}

	}

	record AccountPage(String name, String email, String tier, List<OrderView> recentOrders) {
	}

	record OrderLineRequest(@NotNull @Pattern(regexp = Sku.PATTERN) String sku,
			@Min(1) @Max(99) int quantity) {
	}

	record PlaceOrderRequest(@NotNull @Size(min = 1, max = 50) List<@Valid @NotNull OrderLineRequest> lines) {
	}

	@GetMapping("/web/api/account")
	@Tag(name = "Account", description = "The logged-in customer's profile and orders")
	@Operation(summary = "Account page", description = "The customer's profile and recent orders with product names.")
	@SecurityRequirement(name = WebApiDocsConfiguration.SESSION)
	@ApiResponse(responseCode = "200", description = "The account page")
	@ApiResponse(responseCode = "404", description = "The customers service does not know the customer account")
	@ApiDocs.ComposedFromUpstreams
	ResponseEntity<AccountPage> account(@Parameter(hidden = true) Authentication authentication) {
		String customerId = this.login.customerIdOf(authentication)
			.orElseThrow(WebSessionController.NotLoggedIn::new);
		Branch<List<Order>> recent = this.fanOut.fork("orders", () -> this.orders.ordersOf(customerId, 5));
		Customer customer = this.customers.customer(customerId);
		List<Order> orders = recent.join();
		List<String> skus = orders.stream().flatMap(order -> order.lines().stream()).map(Order.Line::sku).distinct().toList();
		// Product names are a nicety: without the catalog the orders are still shown, by sku.
		Map<String, String> names = namesOf(this.fanOut.fork("catalog", () -> this.catalog.products(skus)));
		// Account data is private to the session and never stored by caches.
		return ResponseEntity.ok()
			.cacheControl(CacheControl.noStore())
			.header(HttpHeaders.VARY, HttpHeaders.COOKIE)
			.body(new AccountPage(customer.name(), customer.email(), customer.tier(),
					orders.stream().map(order -> OrderView.from(order, names)).toList()));
	}

	@PostMapping("/web/api/orders")
	@Tag(name = "Orders", description = "Placing orders, exactly once per Idempotency-Key")
	@Operation(summary = "Place an order",
			description = "Placed for the logged-in customer. Send an Idempotency-Key to retry safely: the same key "
					+ "with the same body answers the same order; without one, Prism makes one for this request.")
	@SecurityRequirement(name = WebApiDocsConfiguration.SESSION)
	@ApiDocs.IdempotentOrder
	@ApiDocs.ComposedFromUpstreams
	ResponseEntity<OrderView> placeOrder(@Parameter(hidden = true) Authentication authentication,
			@Parameter(description = "Your key for this order (1-128 of A-Z a-z 0-9 . _ : -)")
			@RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
			@Valid @RequestBody PlaceOrderRequest request) {
		String customerId = this.login.customerIdOf(authentication)
			.orElseThrow(WebSessionController.NotLoggedIn::new);
		String key = IdempotentRequests.scopedKey(customerId, idempotencyKey);
		PlaceOrder order = new PlaceOrder(customerId, "web",
				request.lines().stream().map(line -> new PlaceOrder.Line(line.sku(), line.quantity())).toList());
		return this.idempotentRequests.execute(key, request, OrderView.class, () -> {
			// The product names are looked up while the order is placed; once the order is placed, a failed lookup
			// must not turn it into an error the shopper would retry — the lines then show their skus only.
			Branch<List<Product>> products = this.fanOut.fork("catalog",
					() -> this.catalog.products(order.lines().stream().map(PlaceOrder.Line::sku).distinct().toList()));
			Order placed = this.orders.place(order, key);
			Map<String, String> names = namesOf(products);
			return ResponseEntity.status(HttpStatus.CREATED)
				.location(URI.create("/web/api/orders/" + placed.id()))
				.cacheControl(CacheControl.noStore())
				.body(OrderView.from(placed, names));
		});
	}

	/** Product names by sku, or none when the catalog failed or missed the deadline. */
	private static Map<String, String> namesOf(Branch<List<Product>> products) {
		return products.tryJoin()
			.orElse(List.of())
			.stream()
			.collect(Collectors.toMap(Product::sku, Product::name, (a, b) -> a));
	}

}
