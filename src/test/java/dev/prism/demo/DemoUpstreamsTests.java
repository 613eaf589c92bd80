package dev.prism.demo;

import static dev.prism.demo.DemoHttp.body;
import static dev.prism.demo.DemoHttp.get;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * The demo upstreams' read endpoints honour {@code openapi/upstreams.yaml}: paths, JSON shapes, batch lookups and
 * errors (every answer is also validated against it, by {@link DemoHttp}).
 */
class DemoUpstreamsTests {

	static DemoUpstreams demo;

	@BeforeAll
	static void start() {
		demo = DemoUpstreams.start();
	}

	@AfterAll
	static void stop() {
		demo.close();
	}

	static HttpResponse<String> call(String service, String path) {
		return get(demo.baseUrl(service) + path);
	}

	static void assertProblem(HttpResponse<String> response, int status) {
		assertThat(response.statusCode()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode problem = body(response);
		assertThat(problem.get("status").asInt()).isEqualTo(status);
		assertThat(problem.get("type").asText()).startsWith("urn:");
		assertThat(problem.get("title").asText()).isNotBlank();
		assertThat(problem.get("detail").asText()).isNotBlank();
	}

	@Test
	void servicesLiveUnderTheirOwnPathOnOnePort() {
		assertThat(demo.port()).isPositive();
		for (String service : DemoUpstreams.SERVICES) {
			assertThat(demo.baseUrl(service)).isEqualTo("http://127.0.0.1:" + demo.port() + "/" + service);
		}
		assertProblem(get("http://127.0.0.1:" + demo.port() + "/shipping/parcels"), 404);
		assertProblem(call("catalog", "/nothing-here"), 404);
		assertProblem(call("pricing", "/prices/SKU-1001"), 404);
	}

	@Test
	void catalogSearchPagesThroughEveryProductWithTotals() {
		HttpResponse<String> response = call("catalog", "/products?page=0&size=20");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
		JsonNode first = body(response);
		int total = first.get("total").asInt();
		assertThat(total).isEqualTo(72);
		assertThat(first.get("page").asInt()).isZero();
		assertThat(first.get("size").asInt()).isEqualTo(20);
		assertThat(first.get("items")).hasSize(20);

		List<String> seen = new ArrayList<>();
		for (int page = 0; page < 4; page++) {
			JsonNode answer = body(call("catalog", "/products?page=" + page + "&size=20"));
			assertThat(answer.get("page").asInt()).isEqualTo(page);
			assertThat(answer.get("total").asInt()).isEqualTo(total);
			answer.get("items").forEach(item -> seen.add(item.get("sku").asText()));
		}
		assertThat(seen).hasSize(total).doesNotHaveDuplicates().startsWith("SKU-1001", "SKU-1002").endsWith("SKU-1072");
		JsonNode beyond = body(call("catalog", "/products?page=4&size=20"));
		assertThat(beyond.get("items")).isEmpty();
		assertThat(beyond.get("total").asInt()).isEqualTo(total);
		assertThat(body(call("catalog", "/products")).get("size").asInt()).as("default page size").isEqualTo(20);
	}

	@Test
	void catalogSearchFiltersByCategoryAndText() {
		JsonNode tents = body(call("catalog", "/products?category=tents&size=100"));
		assertThat(tents.get("total").asInt()).isEqualTo(12);
		assertThat(tents.get("items")).hasSize(12)
			.allSatisfy(item -> assertThat(item.get("category").asText()).isEqualTo("tents"));

		JsonNode runners = body(call("catalog", "/products?q=runner&category=shoes"));
		assertThat(runners.get("total").asInt()).isPositive();
		assertThat(runners.get("items")).allSatisfy(item -> {
			assertThat(item.get("name").asText()).containsIgnoringCase("runner");
			assertThat(item.get("category").asText()).isEqualTo("shoes");
		});
		JsonNode none = body(call("catalog", "/products?q=submarine"));
		assertThat(none.get("total").asInt()).isZero();
		assertThat(none.get("items")).isEmpty();
	}

	@Test
	void servingItsOwnPicturesTheCatalogPointsAtThemAndTheyAreSvgOfTheProduct() {
		try (DemoUpstreams own = DemoUpstreams.start().servingOwnImages()) {
			String base = "http://127.0.0.1:" + own.port();
			// Given the catalog's answers, single, batch and search, point at the demo's own pictures
			JsonNode product = body(get(own.baseUrl("catalog") + "/products/SKU-1001"));
			assertThat(product.get("images").get(0).get("url").asText())
				.isEqualTo(base + "/images/SKU-1001/main.svg");
			assertThat(product.get("images").get(1).get("url").asText())
				.isEqualTo(base + "/images/SKU-1001/side.svg");
			assertThat(body(get(own.baseUrl("catalog") + "/products?skus=SKU-1002")).get("items").get(0).get("images")
				.get(0).get("url").asText()).isEqualTo(base + "/images/SKU-1002/main.svg");
			assertThat(body(get(own.baseUrl("catalog") + "/products?size=3")).get("items"))
				.allSatisfy(item -> assertThat(item.get("images").get(0).get("url").asText()).startsWith(base));

			// When a browser loads one at thumbnail size
			HttpResponse<String> image = get(base + "/images/SKU-1001/main.svg?w=240");

			// Then it is an SVG of that product, at that size, cacheable
			assertThat(image.statusCode()).isEqualTo(200);
			assertThat(image.headers().firstValue("Content-Type")).hasValue("image/svg+xml");
			assertThat(image.headers().firstValue("Cache-Control")).hasValueSatisfying(
					value -> assertThat(value).contains("max-age"));
			assertThat(image.body()).startsWith("<svg").contains("width=\"240\"")
				.contains(product.get("name").asText());
			assertThat(get(base + "/images/SKU-1001/side.svg").body()).contains("width=\"1200\"");
			assertProblem(get(base + "/images/SKU-9999/main.svg"), 404);
			assertProblem(get(base + "/images/SKU-1001/back.svg"), 404);
		}
		// Without, the placeholders of the contract stay (benchmarks and the stand-alone demo)
		assertThat(body(call("catalog", "/products/SKU-1001")).get("images").get(0).get("url").asText())
			.isEqualTo("https://img.example/SKU-1001/main.jpg");
	}

	@Test
	void aProductHasEveryContractField() {
		JsonNode product = body(call("catalog", "/products/SKU-1001"));
		assertThat(product.get("sku").asText()).isEqualTo("SKU-1001");
		assertThat(product.get("category").asText()).isEqualTo("shoes");
		assertThat(product.get("name").asText()).isNotBlank();
		assertThat(product.get("brand").asText()).isNotBlank();
		assertThat(product.get("description").asText()).isNotBlank();
		JsonNode image = product.get("images").get(0);
		assertThat(image.get("url").asText()).isEqualTo("https://img.example/SKU-1001/main.jpg");
		assertThat(image.get("width").asInt()).isEqualTo(1200);
		assertThat(image.get("height").asInt()).isEqualTo(1200);
		assertThat(product.get("attributes").get("color").asText()).isNotBlank();
		assertThat(product.get("updatedAt").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");

		assertProblem(call("catalog", "/products/SKU-9999"), 404);
	}

	@Test
	void batchLookupsAnswerOnlyKnownSkusInTheOrderAsked() {
		JsonNode products = body(call("catalog", "/products?skus=SKU-1003,SKU-9999,SKU-1001"));
		assertThat(products.get("items")).extracting(item -> item.get("sku").asText())
			.containsExactly("SKU-1003", "SKU-1001");
		assertThat(products.get("total").asInt()).isEqualTo(2);

		JsonNode prices = body(call("pricing", "/prices?skus=SKU-1001,SKU-9999,SKU-1002")).get("prices");
		assertThat(prices).extracting(price -> price.get("sku").asText()).containsExactly("SKU-1001", "SKU-1002");
		JsonNode price = prices.get(0);
		assertThat(price.get("currency").asText()).isEqualTo("EUR");
		assertThat(price.get("amount").isString()).as("amounts are decimal strings").isTrue();
		assertThat(price.get("amount").asText()).matches("\\d+\\.\\d{2}");
		assertThat(price.get("listAmount").asText()).matches("\\d+\\.\\d{2}");
		assertThat(price.get("savingsPercent").isInt()).isTrue();

		JsonNode stock = body(call("inventory", "/availability?skus=SKU-1001,SKU-9999,SKU-1002")).get("items");
		assertThat(stock).extracting(item -> item.get("sku").asText()).containsExactly("SKU-1001", "SKU-1002");
		assertThat(stock.get(0).get("status").asText()).isIn("IN_STOCK", "LOW_STOCK", "OUT_OF_STOCK");
		assertThat(stock.get(0).get("quantity").isInt()).isTrue();

		assertThat(body(call("pricing", "/prices?skus=")).get("prices")).isEmpty();
		assertThat(body(call("inventory", "/availability")).get("items")).isEmpty();
	}

	@Test
	void pricesAreConsistentAndOneOrTwoSkusHaveNone() {
		List<String> skus = demo.catalog().skus();
		JsonNode prices = body(call("pricing", "/prices?skus=" + String.join(",", skus))).get("prices");
		assertThat(prices.size()).isBetween(skus.size() - 2, skus.size() - 1);
		prices.forEach(price -> {
			double amount = Double.parseDouble(price.get("amount").asText());
			double list = Double.parseDouble(price.get("listAmount").asText());
			int savings = price.get("savingsPercent").asInt();
			assertThat(amount).isPositive().isLessThanOrEqualTo(list);
			assertThat(Math.round((1 - amount / list) * 100)).isEqualTo(savings);
		});
		assertThat(prices).anySatisfy(price -> assertThat(price.get("savingsPercent").asInt()).isPositive());
	}

	@Test
	void theDataIsRealisticEnough() {
		JsonNode all = body(call("catalog", "/products?size=100")).get("items");
		Map<String, Integer> perCategory = new HashMap<>();
		all.forEach(product -> perCategory.merge(product.get("category").asText(), 1, Integer::sum));
		assertThat(perCategory).containsKeys("shoes", "jackets", "backpacks", "tents", "accessories");
		assertThat(perCategory.values()).allSatisfy(count -> assertThat(count).isGreaterThanOrEqualTo(6));

		List<String> skus = demo.catalog().skus();
		JsonNode stock = body(call("inventory", "/availability?skus=" + String.join(",", skus))).get("items");
		Set<String> states = new HashSet<>();
		stock.forEach(item -> {
			String status = item.get("status").asText();
			int quantity = item.get("quantity").asInt();
			states.add(status);
			assertThat(status).isEqualTo(quantity == 0 ? "OUT_OF_STOCK" : quantity < 5 ? "LOW_STOCK" : "IN_STOCK");
		});
		assertThat(states).containsExactlyInAnyOrder("IN_STOCK", "LOW_STOCK", "OUT_OF_STOCK");

		long reviewed = skus.stream()
			.filter(sku -> body(call("reviews", "/products/" + sku + "/reviews")).get("count").asInt() > 0)
			.count();
		assertThat(reviewed).isGreaterThan(skus.size() / 2);
	}

	@Test
	void reviewsAnswerTheSummaryAndAtMostTheLimit() {
		JsonNode reviews = body(call("reviews", "/products/SKU-1001/reviews?limit=2"));
		assertThat(reviews.get("sku").asText()).isEqualTo("SKU-1001");
		assertThat(reviews.get("averageRating").asDouble()).isBetween(1.0, 5.0);
		assertThat(reviews.get("count").asInt()).isGreaterThanOrEqualTo(reviews.get("items").size());
		assertThat(reviews.get("items")).hasSize(2);
		JsonNode review = reviews.get("items").get(0);
		assertThat(review.get("id").asText()).startsWith("r-");
		assertThat(review.get("author").asText()).isNotBlank();
		assertThat(review.get("rating").asInt()).isBetween(1, 5);
		assertThat(review.get("title").asText()).isNotBlank();
		assertThat(review.get("body").asText()).isNotBlank();
		assertThat(review.get("createdAt").asText()).endsWith("Z");

		assertThat(body(call("reviews", "/products/SKU-1001/reviews")).get("items").size()).as("default limit")
			.isEqualTo(3);
		assertProblem(call("reviews", "/products/SKU-9999/reviews"), 404);
	}

	@Test
	void recommendationsAreOtherProductsOfTheSameCategory() {
		JsonNode skus = body(call("recommendations", "/recommendations?sku=SKU-1001&customerId=c-1001&limit=4"))
			.get("skus");
		assertThat(skus).hasSize(4);
		skus.forEach(sku -> {
			assertThat(sku.asText()).isNotEqualTo("SKU-1001");
			assertThat(body(call("catalog", "/products/" + sku.asText())).get("category").asText()).isEqualTo("shoes");
		});
		assertThat(body(call("recommendations", "/recommendations?sku=SKU-1001")).get("skus")).as("default limit")
			.hasSize(4);
		assertThat(body(call("recommendations", "/recommendations?sku=SKU-9999")).get("skus")).isEmpty();
		assertProblem(call("recommendations", "/recommendations"), 400);
	}

	@Test
	void customersAliceAndBob() {
		JsonNode alice = body(call("customers", "/customers/c-1001"));
		assertThat(alice.get("id").asText()).isEqualTo("c-1001");
		assertThat(alice.get("name").asText()).isEqualTo("Alice Example");
		assertThat(alice.get("email").asText()).isEqualTo("alice@example.com");
		assertThat(alice.get("tier").asText()).isEqualTo("GOLD");
		assertThat(body(call("customers", "/customers/c-1002")).get("name").asText()).isEqualTo("Bob Builder");
		assertProblem(call("customers", "/customers/c-404"), 404);
	}

	@Test
	void eachCustomerHasSeededOrdersNewestFirst() {
		JsonNode alice = body(call("orders", "/customers/c-1001/orders?limit=10")).get("items");
		assertThat(alice.size()).isGreaterThanOrEqualTo(2);
		assertThat(alice).allSatisfy(order -> assertThat(order.get("customerId").asText()).isEqualTo("c-1001"));
		List<String> created = new ArrayList<>();
		alice.forEach(order -> created.add(order.get("createdAt").asText()));
		assertThat(created).isSortedAccordingTo((a, b) -> b.compareTo(a));
		assertThat(body(call("orders", "/customers/c-1002/orders")).get("items").size()).isGreaterThanOrEqualTo(2);
		assertThat(body(call("orders", "/customers/c-1001/orders?limit=1")).get("items")).hasSize(1);
		assertThat(body(call("orders", "/customers/c-404/orders")).get("items")).isEmpty();

		JsonNode order = alice.get(0);
		assertThat(order.get("id").asText()).matches("o-\\d+");
		assertThat(order.get("status").asText()).isIn("PLACED", "SHIPPED", "DELIVERED", "CANCELLED");
		assertThat(order.get("total").get("currency").asText()).isEqualTo("EUR");
		assertThat(order.get("lines").get(0).get("unitPrice").asText()).matches("\\d+\\.\\d{2}");
		assertThat(body(call("orders", "/orders/" + order.get("id").asText()))).isEqualTo(order);
		assertProblem(call("orders", "/orders/o-404"), 404);
	}

	@Test
	void theDataIsTheSameOnEveryStart() {
		try (DemoUpstreams another = DemoUpstreams.start()) {
			for (String path : List.of("/catalog/products?size=100", "/pricing/prices?skus=SKU-1001,SKU-1050",
					"/inventory/availability?skus=SKU-1001,SKU-1050", "/reviews/products/SKU-1010/reviews",
					"/orders/customers/c-1001/orders")) {
				assertThat(get("http://127.0.0.1:" + another.port() + path).body()).as(path)
					.isEqualTo(get("http://127.0.0.1:" + demo.port() + path).body());
			}
		}
	}

}
