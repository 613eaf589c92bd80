package dev.prism.upstream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code POST /orders} exactly once against a stateful orders stub: an answer lost after the service committed (reset,
 * 503, too late) is recovered by retrying with the same {@code Idempotency-Key}, and exactly one order exists; client
 * errors are final.
 */
class OrdersExactlyOnceTests {

	static final StatefulOrdersStub orders = new StatefulOrdersStub();

	@RegisterExtension
	static final WireMockExtension wiremock = WireMockExtension.newInstance()
		.options(options().dynamicPort().extensions(orders))
		.build();

	static final PlaceOrder ORDER = new PlaceOrder("c-1001", "web", List.of(new PlaceOrder.Line("SKU-1001", 2)));

	UpstreamTestKit kit;

	@BeforeEach
	void stubOrders() {
		orders.reset();
		wiremock.stubFor(post(urlPathEqualTo("/orders/orders"))
			.willReturn(aResponse().withTransformers(StatefulOrdersStub.NAME)));
	}

	@AfterEach
	void close() throws Exception {
		if (this.kit != null) {
			this.kit.close();
		}
	}

	private OrdersClient client(String... overrides) {
		this.kit = UpstreamTestKit.of(wiremock.baseUrl(), overrides);
		return this.kit.orders();
	}

	private static int posts(String key) {
		return wiremock
			.countRequestsMatching(
					postRequestedFor(urlPathEqualTo("/orders/orders")).withHeader("Idempotency-Key", equalTo(key)).build())
			.getCount();
	}

	@Test
	void anAnswerLostToAResetAfterCommitIsRecoveredByTheRetryAndOneOrderExists() {
		// Given the service commits the order and then resets the connection
		orders.resetAfterCommit();

		// When the order is placed
		Order placed = client().place(ORDER, "c-1001:k-reset");

		// Then the retry with the same key answered the committed order: two requests, one order
		assertThat(placed.id()).isEqualTo("o-5001");
		assertThat(posts("c-1001:k-reset")).isEqualTo(2);
		assertThat(wiremock.getAllServeEvents()).hasSize(2);
		assertThat(orders.ordersCreated()).isEqualTo(1);
		assertThat(this.kit.count("prism.upstream.retries", "service", "orders")).isEqualTo(1);
	}

	@Test
	void anAnswerReplacedByA503AfterCommitIsRecoveredByTheRetryAndOneOrderExists() {
		orders.failAfterCommit(503);

		Order placed = client().place(ORDER, "c-1001:k-503");

		assertThat(placed.id()).isEqualTo("o-5001");
		assertThat(posts("c-1001:k-503")).isEqualTo(2);
		assertThat(orders.ordersCreated()).isEqualTo(1);
	}

	@Test
	void anAnswerTooLateAfterCommitIsRecoveredByTheRetryAndOneOrderExists() {
		// Given the committed order's answer comes long after the client stopped waiting (10 s against a read timeout
		// of 3 s, which leaves the replay seconds to answer on a busy machine)
		orders.delayAfterCommit(10_000);

		Order placed = client("orders.read-timeout", "3s").place(ORDER, "c-1001:k-slow");

		assertThat(placed.id()).isEqualTo("o-5001");
		assertThat(posts("c-1001:k-slow")).isEqualTo(2);
		assertThat(orders.ordersCreated()).isEqualTo(1);
	}

	@Test
	void whenEveryAttemptLosesItsAnswerTheCallersRetryWithTheSameKeyFindsTheOneOrder() {
		// Given every attempt the client makes loses its answer after the commit
		orders.failAfterCommit(502).resetAfterCommit().failAfterCommit(504);
		OrdersClient client = client();

		// When the client gives up (the last attempt's 504 is a timeout), and the caller tries again with the same key
		assertThatThrownBy(() -> client.place(ORDER, "c-1001:k-lost")).isInstanceOf(UpstreamTimeoutException.class);
		assertThat(posts("c-1001:k-lost")).isEqualTo(3);
		Order placed = client.place(ORDER, "c-1001:k-lost");

		// Then the order was never lost and never doubled
		assertThat(placed.id()).isEqualTo("o-5001");
		assertThat(posts("c-1001:k-lost")).isEqualTo(4);
		assertThat(orders.ordersCreated()).isEqualTo(1);
	}

	@Test
	void differentKeysAreDifferentOrders() {
		OrdersClient client = client();

		assertThat(client.place(ORDER, "c-1001:a").id()).isEqualTo("o-5001");
		assertThat(client.place(ORDER, "c-1001:b").id()).isEqualTo("o-5002");
		assertThat(client.place(ORDER, "c-1001:a").id()).isEqualTo("o-5001");

		assertThat(orders.ordersCreated()).isEqualTo(2);
	}

	@Test
	void aKeyReusedWithAnotherBodyIs422AndFinal() {
		OrdersClient client = client();
		client.place(ORDER, "c-1001:k-reused");

		assertThatThrownBy(() -> client.place(
				new PlaceOrder("c-1001", "web", List.of(new PlaceOrder.Line("SKU-1001", 3))), "c-1001:k-reused"))
			.isInstanceOf(UpstreamRejectedException.class);

		assertThat(posts("c-1001:k-reused")).isEqualTo(2);
		assertThat(orders.ordersCreated()).isEqualTo(1);
	}

	@Test
	void aConflictOrAServerErrorIsFinalForAPost() {
		wiremock.stubFor(post(urlPathEqualTo("/orders/orders")).withHeader("Idempotency-Key", equalTo("c-1001:k-409"))
			.willReturn(aResponse().withStatus(409)));
		wiremock.stubFor(post(urlPathEqualTo("/orders/orders")).withHeader("Idempotency-Key", equalTo("c-1001:k-500"))
			.willReturn(aResponse().withStatus(500)));
		OrdersClient client = client();

		assertThatThrownBy(() -> client.place(ORDER, "c-1001:k-409")).isInstanceOf(UpstreamRejectedException.class);
		assertThatThrownBy(() -> client.place(ORDER, "c-1001:k-500")).isInstanceOf(UpstreamUnavailableException.class);

		assertThat(posts("c-1001:k-409")).isEqualTo(1);
		assertThat(posts("c-1001:k-500")).isEqualTo(1);
		assertThat(this.kit.count("prism.upstream.retries", "service", "orders")).isZero();
	}

}
