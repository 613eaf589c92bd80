package dev.prism.partner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.prism.testing.ContractValidation;
import prism.partner.client.ApiClient;
import prism.partner.client.ApiException;
import prism.partner.client.ApiResponse;
import prism.partner.client.api.CatalogApi;
import prism.partner.client.api.OrdersApi;
import prism.partner.client.model.AvailabilityListV1;
import prism.partner.client.model.OrderLineV1;
import prism.partner.client.model.OrderV1;
import prism.partner.client.model.PlaceOrderV1;
import prism.partner.client.model.Problem;
import prism.partner.client.model.ProductFeedV1;
import prism.partner.client.model.ProductV1;

/**
 * A partner's journey through a Java client generated from the committed {@code openapi/partner.yaml}
 * (openapi-generator, {@code java}/{@code native}, into {@code target/generated-test-sources}), against the running app
 * in profile demo with the demo key: if the contract does not say what Prism answers, the generated client cannot
 * read it. Every answer is held to the contract as well.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "prism.demo.identity-provider.enabled=false")
class PartnerGeneratedClientTests {

	private static final String ACME = "acme-demo-key";

	@LocalServerPort
	int port;

	private ApiClient client;

	private CatalogApi catalog;

	private OrdersApi orders;

	@BeforeEach
	void connect() {
		this.client = new ApiClient() {
			@Override
			public HttpClient getHttpClient() {
				return ContractValidation.validating(super.getHttpClient());
			}
		};
		this.client.updateBaseUri("http://127.0.0.1:" + this.port);
		this.client.setRequestInterceptor(request -> request.header("X-Api-Key", ACME));
		this.catalog = new CatalogApi(this.client);
		this.orders = new OrdersApi(this.client);
	}

	@Test
	void aPartnerReadsTheCatalogPlacesAnOrderOnceAndReadsItBack() throws Exception {
		// Given the whole feed, page by page until there is no next page token
		List<String> skus = new ArrayList<>();
		int pages = 0;
		String pageToken = null;
		do {
			ProductFeedV1 page = this.catalog.products(pageToken, 10);
			pages++;
			page.getItems().forEach(product -> {
				assertThat(product.getAvailability()).as("availability of %s", product.getSku()).isNotNull();
				skus.add(product.getSku());
			});
			pageToken = page.getNextPageToken();
		}
		while (pageToken != null && pages < 100);
		assertThat(pageToken).as("the last page has no next page token").isNull();
		assertThat(pages).isGreaterThan(1);
		assertThat(skus).hasSizeGreaterThan(10).doesNotHaveDuplicates();

		// And one product with its price, and the availability of two
		ProductV1 product = this.catalog.product(skus.get(0));
		assertThat(product.getSku()).isEqualTo(skus.get(0));
		assertThat(product.getName()).isNotBlank();
		assertThat(product.getPrice()).isNotNull();
		assertThat(product.getPrice().getCurrency()).isEqualTo("EUR");
		AvailabilityListV1 availability = this.catalog.availability(skus.get(0) + "," + skus.get(1));
		assertThat(availability.getItems()).extracting("sku").containsExactly(skus.get(0), skus.get(1));

		// When it places an order, and sends the same request again with the same key
		String key = "journey-" + UUID.randomUUID();
		PlaceOrderV1 order = new PlaceOrderV1().lines(List.of(new OrderLineV1().sku(skus.get(0)).quantity(2)));
		ApiResponse<OrderV1> placed = this.orders.placeWithHttpInfo(key, order);
		ApiResponse<OrderV1> replayed = this.orders.placeWithHttpInfo(key, order);

		// Then it was placed once: the replay answers the same order and says it is one
		assertThat(placed.getStatusCode()).isEqualTo(201);
		assertThat(placed.getHeaders()).doesNotContainKey("idempotent-replayed");
		assertThat(placed.getData().getId()).isNotBlank();
		assertThat(placed.getData().getLines()).singleElement()
			.satisfies(line -> assertThat(line.getQuantity()).isEqualTo(2));
		assertThat(replayed.getStatusCode()).isEqualTo(201);
		assertThat(replayed.getData().getId()).isEqualTo(placed.getData().getId());
		assertThat(replayed.getHeaders().get("idempotent-replayed")).containsExactly("true");

		// And the order reads back as placed
		OrderV1 readBack = this.orders.order(placed.getData().getId());
		assertThat(readBack.getId()).isEqualTo(placed.getData().getId());
		assertThat(readBack.getTotal()).isEqualTo(placed.getData().getTotal());
	}

	@Test
	void anUnknownProductIsA404ProblemDetailTheClientCanRead() throws Exception {
		ApiException notFound = catchThrowableOfType(ApiException.class,
				() -> this.catalog.product("SKU-NOT-THERE"));

		assertThat(notFound.getCode()).isEqualTo(404);
		assertThat(notFound.getResponseHeaders().firstValue("Content-Type")).hasValue("application/problem+json");
		Problem problem = this.client.getObjectMapper().readValue(notFound.getResponseBody(), Problem.class);
		assertThat(problem.getType()).isEqualTo("urn:prism:problem:not-found");
		assertThat(problem.getStatus()).isEqualTo(404);
		assertThat(problem.getRequestId()).isNotBlank()
			.isEqualTo(notFound.getResponseHeaders().firstValue("X-Request-Id").orElseThrow());
	}

}
