package dev.prism.demo;

import static dev.prism.demo.DemoHttp.get;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import dev.prism.upstream.Availability;
import dev.prism.upstream.Customer;
import dev.prism.upstream.Order;
import dev.prism.upstream.Price;
import dev.prism.upstream.Product;
import dev.prism.upstream.ProductPage;
import dev.prism.upstream.ProductReviews;

/**
 * Every answer of the demo upstreams reads into the {@code upstream} module's records with nothing left over and
 * nothing missing, so the demo and the clients agree on {@code openapi/upstreams.yaml} field by field.
 */
class DemoUpstreamRecordsTests {

	static final JsonMapper strict = JsonMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
				DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES, DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
		.build();

	static DemoUpstreams demo;

	@BeforeAll
	static void start() {
		demo = DemoUpstreams.start();
	}

	@AfterAll
	static void stop() {
		demo.close();
	}

	static <T> T read(String service, String path, Class<T> type) {
		return strict.readValue(get(demo.baseUrl(service) + path).body(), type);
	}

	record PriceList(List<Price> prices) {
	}

	record AvailabilityList(List<Availability> items) {
	}

	record Recommendations(List<String> skus) {
	}

	record OrderList(List<Order> items) {
	}

	@Test
	void catalog() {
		ProductPage page = read("catalog", "/products?size=100", ProductPage.class);
		assertThat(page.items()).hasSize(72);
		assertThat(page.items()).allSatisfy(product -> {
			assertThat(product.mainImageUrl()).isEqualTo("https://img.example/" + product.sku() + "/main.jpg");
			assertThat(product.attributes()).isNotEmpty();
			assertThat(product.updatedAt()).isNotNull();
		});
		assertThat(read("catalog", "/products/SKU-1042", Product.class)).isEqualTo(page.items().get(41));
		assertThat(read("catalog", "/products?skus=SKU-1042", ProductPage.class).items()).containsExactly(page.items().get(41));
	}

	@Test
	void pricingAndInventory() {
		String skus = String.join(",", demo.catalog().skus());
		assertThat(read("pricing", "/prices?skus=" + skus, PriceList.class).prices()).hasSize(70)
			.allSatisfy(price -> assertThat(price.currency()).isEqualTo("EUR"));
		assertThat(read("inventory", "/availability?skus=" + skus, AvailabilityList.class).items()).hasSize(72);
	}

	@Test
	void reviewsAndRecommendations() {
		for (String sku : demo.catalog().skus()) {
			ProductReviews reviews = read("reviews", "/products/" + sku + "/reviews?limit=5", ProductReviews.class);
			assertThat(reviews.sku()).isEqualTo(sku);
			assertThat(reviews.items()).allSatisfy(review -> assertThat(review.createdAt()).isNotNull());
		}
		assertThat(read("recommendations", "/recommendations?sku=SKU-1001&limit=4", Recommendations.class).skus())
			.hasSize(4);
	}

	@Test
	void customersAndOrders() {
		assertThat(read("customers", "/customers/c-1001", Customer.class))
			.isEqualTo(new Customer("c-1001", "Alice Example", "alice@example.com", "GOLD"));
		List<Order> orders = read("orders", "/customers/c-1002/orders", OrderList.class).items();
		assertThat(orders).isNotEmpty().allSatisfy(order -> assertThat(order.customerId()).isEqualTo("c-1002"));
		assertThat(read("orders", "/orders/" + orders.get(0).id(), Order.class)).isEqualTo(orders.get(0));

		String placed = DemoHttp.postOrder(demo.baseUrl("orders"), "records",
				"{\"customerId\":\"c-1002\",\"channel\":\"partner\",\"lines\":[{\"sku\":\"SKU-1003\",\"quantity\":4}]}")
			.body();
		Order order = strict.readValue(placed, Order.class);
		assertThat(order.status()).isEqualTo(Order.Status.PLACED);
		assertThat(order.lines()).containsExactly(new Order.Line("SKU-1003", 4, demo.catalog().price("SKU-1003")
			.get("amount")
			.toString()));
	}

}
