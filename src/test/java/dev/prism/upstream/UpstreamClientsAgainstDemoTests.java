package dev.prism.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import dev.prism.testing.ContractValidation;

/**
 * The typed clients against the embedded demo upstreams (profile demo, the default): the demo, the clients and
 * the upstream contract {@code openapi/upstreams.yaml} agree — every request the clients send and every answer they
 * get is validated against it — and the demo's base URLs, which carry a path per service, work.
 */
@SpringBootTest(properties = "prism.demo.identity-provider.enabled=false")
class UpstreamClientsAgainstDemoTests {

	/** Holds the requests of every {@code RestClient} built from Boot's builder, and their answers, to the contract. */
	@TestConfiguration(proxyBeanMethods = false)
	static class ValidatedAgainstTheUpstreamContract {

		@Bean
		RestClientCustomizer upstreamContractValidation() {
			return builder -> builder.requestInterceptor(ContractValidation.upstreamRequests());
		}

	}

	@Autowired
	CatalogClient catalog;

	@Autowired
	PricingClient pricing;

	@Autowired
	InventoryClient inventory;

	@Autowired
	ReviewsClient reviews;

	@Autowired
	RecommendationsClient recommendations;

	@Autowired
	CustomersClient customers;

	@Autowired
	OrdersClient orders;

	@Autowired
	Environment environment;

	@Test
	void theEmbeddedDemoServesEveryServiceUnderItsOwnPath() {
		for (String service : List.of("catalog", "pricing", "inventory", "reviews", "recommendations", "customers",
				"orders")) {
			assertThat(this.environment.getProperty("prism.upstreams." + service + ".base-url"))
				.matches("http://127\\.0\\.0\\.1:\\d+/" + service);
		}
	}

	@Test
	void catalogSearchBatchAndSingle() {
		ProductPage page = this.catalog.search(null, "shoes", 0, 5);
		assertThat(page.items()).hasSize(5).allSatisfy(product -> assertThat(product.category()).isEqualTo("shoes"));
		assertThat(page.total()).isGreaterThanOrEqualTo(10);
		assertThat(page.hasNext()).isTrue();

		List<Product> batch = this.catalog.products(List.of("SKU-1003", "SKU-9999", "SKU-1001"));
		assertThat(batch).extracting(Product::sku).containsExactly("SKU-1003", "SKU-1001");

		Product product = this.catalog.product("SKU-1001");
		// Embedded, the demo draws its own product pictures
		assertThat(product.mainImageUrl()).matches("http://127\\.0\\.0\\.1:\\d+/images/SKU-1001/main\\.svg");
		assertThat(product.updatedAt()).isNotNull();
		assertThatThrownBy(() -> this.catalog.product("SKU-9999")).isInstanceOf(UpstreamNotFoundException.class);
	}

	@Test
	void pricesStockReviewsAndRecommendations() {
		Map<String, Price> prices = this.pricing.prices(List.of("SKU-1001", "SKU-9999"));
		assertThat(prices).containsOnlyKeys("SKU-1001");
		assertThat(prices.get("SKU-1001").amount()).matches("\\d+\\.\\d{2}");

		Map<String, Availability> stock = this.inventory.availability(List.of("SKU-1001", "SKU-1002"));
		assertThat(stock).containsOnlyKeys("SKU-1001", "SKU-1002");
		assertThat(stock.get("SKU-1001").status()).isNotNull();

		ProductReviews productReviews = this.reviews.reviews("SKU-1001", 3);
		assertThat(productReviews.sku()).isEqualTo("SKU-1001");
		assertThat(productReviews.items().size()).isLessThanOrEqualTo(3);

		assertThat(this.recommendations.recommendations("SKU-1001", "c-1001", 4)).hasSize(4)
			.doesNotContain("SKU-1001");
	}

	@Test
	void customersAndOrders() {
		assertThat(this.customers.customer("c-1001").name()).isEqualTo("Alice Example");
		assertThatThrownBy(() -> this.customers.customer("c-404")).isInstanceOf(UpstreamNotFoundException.class);

		String key = "c-1001:" + UUID.randomUUID();
		PlaceOrder order = new PlaceOrder("c-1001", "web", List.of(new PlaceOrder.Line("SKU-1001", 2)));
		Order placed = this.orders.place(order, key);
		Order replayed = this.orders.place(order, key);
		assertThat(replayed.id()).isEqualTo(placed.id());
		assertThat(placed.status()).isEqualTo(Order.Status.PLACED);
		assertThat(placed.total().currency()).isEqualTo("EUR");
		assertThat(this.orders.order(placed.id()).id()).isEqualTo(placed.id());
		assertThat(this.orders.ordersOf("c-1001", 10)).extracting(Order::id).contains(placed.id());

		assertThatThrownBy(() -> this.orders.place(
				new PlaceOrder("c-1001", "web", List.of(new PlaceOrder.Line("SKU-1001", 3))), key))
			.isInstanceOf(UpstreamRejectedException.class);
	}

}
