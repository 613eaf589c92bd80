package dev.prism.upstream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.prism.demo.DemoFaults;
import dev.prism.demo.DemoUpstreams;
import dev.prism.platform.request.Deadline;
import dev.prism.platform.request.RequestContext;
import dev.prism.testing.HeldResponses;

/**
 * The upstream clients against WireMock, faults included: timeouts, resets, garbage, 5xx, retries and their limits,
 * circuit breaking, bulkheads, stale-if-error caching and exactly-once orders. Call counts are asserted on the stubs.
 */
class UpstreamResilienceTests {

	static final HeldResponses held = new HeldResponses();

	@RegisterExtension
	static final WireMockExtension wiremock = WireMockExtension.newInstance()
		.options(options().dynamicPort().extensions(held))
		.build();

	static final String PRODUCT = "{\"sku\":\"SKU-1\",\"name\":\"Boot\",\"images\":[],\"attributes\":{}}";

	UpstreamTestKit kit;

	@AfterEach
	void close() throws Exception {
		held.reset();
		if (this.kit != null) {
			this.kit.close();
		}
	}

	private UpstreamTestKit kit(String... overrides) {
		this.kit = UpstreamTestKit.of(wiremock.baseUrl(), overrides);
		return this.kit;
	}

	@Test
	void aBaseUrlWithAPathAndTheCorrelationHeadersAndTokenAreSent() {
		wiremock.stubFor(get(urlPathEqualTo("/catalog/products/SKU-1")).willReturn(okJson(PRODUCT)));
		CatalogClient catalog = kit("catalog.token", "s3cret").catalog();
		RequestContext context = new RequestContext("req-42", "web", Deadline.in(Duration.ofSeconds(2)));

		try (RequestContext.Scope scope = context.open()) {
			assertThat(catalog.product("SKU-1").name()).isEqualTo("Boot");
		}

		wiremock.verify(getRequestedFor(urlPathEqualTo("/catalog/products/SKU-1"))
			.withHeader("X-Request-Id", equalTo("req-42"))
			.withHeader("Authorization", equalTo("Bearer s3cret")));
	}

	@Test
	void aServiceSlowerThanItsReadTimeoutTimesOutAndIsRetriedThenGivesUp() {
		// Twenty times the read timeout: no attempt sees the answer, however busy the machine.
		wiremock.stubFor(get(urlPathEqualTo("/pricing/prices")).willReturn(okJson("{\"prices\":[]}")
			.withFixedDelay(2_000)));
		PricingClient pricing = kit("pricing.read-timeout", "100ms").pricing();

		assertThatThrownBy(() -> pricing.prices(List.of("SKU-1"))).isInstanceOf(UpstreamTimeoutException.class);

		// Attempts are counted where they are made: the service may not even have read a request the client gave up
		// on after 100 ms (under load it sometimes had not, and the client's close discards it).
		assertThat(this.kit.count("prism.upstream.retries", "service", "pricing")).isEqualTo(2);
		assertThat(this.kit.timerCount("prism.upstream.requests", "service", "pricing", "outcome", "timeout"))
			.isEqualTo(3);
	}

	@Test
	void aResponseThatTricklesInCannotOutlastTheReadTimeout() {
		// Given an answer sent in 20 pieces over 4 s: 200 ms between reads, each well within a read timeout of 1 s
		wiremock.stubFor(get(urlPathEqualTo("/pricing/prices")).willReturn(okJson("{\"prices\":[]}" + " ".repeat(400))
			.withChunkedDribbleDelay(20, 4_000)));
		PricingClient pricing = kit("pricing.read-timeout", "1s", "pricing.retry.max-attempts", "1").pricing();

		// Then it times out: the read timeout bounds the whole exchange, not each read (a socket read timeout would
		// have let every piece in and answered after 4 s)
		assertThatThrownBy(() -> pricing.prices(List.of("SKU-1"))).isInstanceOf(UpstreamTimeoutException.class);
		assertThat(this.kit.timerCount("prism.upstream.requests", "service", "pricing", "outcome", "timeout"))
			.isEqualTo(1);
		// and the connection it was read from is closed, not given to the next call half read (the wheel's thread
		// closes and releases it, and the caller may see its read fail before the release is done)
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			var stats = this.kit.connections.pools().get("pricing").getTotalStats();
			assertThat(stats.getLeased()).isZero();
			assertThat(stats.getAvailable()).isZero();
		});
	}

	@Test
	void callsLeaveNoTimeoutBehindAndATimedOutCallNoConnection() {
		wiremock.stubFor(get(urlPathEqualTo("/pricing/prices")).withQueryParam("skus", equalTo("SLOW"))
			.willReturn(okJson("{\"prices\":[]}").withFixedDelay(3_000)));
		wiremock.stubFor(get(urlPathEqualTo("/pricing/prices")).withQueryParam("skus", equalTo("SKU-1"))
			.willReturn(okJson("{\"prices\":[{\"sku\":\"SKU-1\",\"currency\":\"EUR\",\"amount\":\"1.00\"}]}")));
		PricingClient pricing = kit("pricing.read-timeout", "200ms", "pricing.retry.max-attempts", "1",
				"pricing.cache.ttl", "0s").pricing();

		for (int i = 0; i < 50; i++) {
			assertThat(pricing.prices(List.of("SKU-1"))).containsKey("SKU-1");
		}
		assertThatThrownBy(() -> pricing.prices(List.of("SLOW"))).isInstanceOf(UpstreamTimeoutException.class);
		assertThat(pricing.prices(List.of("SKU-1"))).containsKey("SKU-1");

		// Every answered call took its timeout off the wheel (it leaves the count at the next tick), and the timed-out
		// call's connection was closed rather than returned to the pool with its answer still coming.
		await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> this.kit.connections.timeouts().pending() == 0);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			var stats = this.kit.connections.pools().get("pricing").getTotalStats();
			assertThat(stats.getLeased()).isZero();
			assertThat(stats.getAvailable()).isEqualTo(1);
		});
		wiremock.verify(51, getRequestedFor(urlPathEqualTo("/pricing/prices")).withQueryParam("skus", equalTo("SKU-1")));
	}

	@Test
	void aResetConnectionIsRetriedAndTheSecondAttemptAnswers() {
		wiremock.stubFor(get(urlPathEqualTo("/pricing/prices")).inScenario("reset")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
			.willSetStateTo("recovered"));
		wiremock.stubFor(get(urlPathEqualTo("/pricing/prices")).inScenario("reset")
			.whenScenarioStateIs("recovered")
			.willReturn(okJson("{\"prices\":[{\"sku\":\"SKU-1\",\"currency\":\"EUR\",\"amount\":\"9.90\"}]}")));

		assertThat(kit().pricing().prices(List.of("SKU-1"))).containsKey("SKU-1");
		wiremock.verify(2, getRequestedFor(urlPathEqualTo("/pricing/prices")));
	}

	@Test
	void a503ThenA200Answers() {
		wiremock.stubFor(get(urlPathEqualTo("/inventory/availability")).inScenario("flaky")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withStatus(503))
			.willSetStateTo("up"));
		wiremock.stubFor(get(urlPathEqualTo("/inventory/availability")).inScenario("flaky")
			.whenScenarioStateIs("up")
			.willReturn(okJson("{\"items\":[{\"sku\":\"SKU-1\",\"status\":\"IN_STOCK\",\"quantity\":3}]}")));

		assertThat(kit("inventory.cache.ttl", "0s").inventory().availability(List.of("SKU-1")).get("SKU-1").quantity())
			.isEqualTo(3);
		wiremock.verify(2, getRequestedFor(urlPathEqualTo("/inventory/availability")));
	}

	@Test
	void clientErrorsAndGarbageAreFinalAndNeverRetried() {
		wiremock.stubFor(get(urlPathEqualTo("/catalog/products/SKU-404")).willReturn(aResponse().withStatus(404)));
		wiremock.stubFor(get(urlPathEqualTo("/catalog/products/SKU-400")).willReturn(aResponse().withStatus(400)));
		wiremock.stubFor(get(urlPathEqualTo("/catalog/products/SKU-BAD"))
			.willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("{no")));
		wiremock.stubFor(get(urlPathEqualTo("/catalog/products/SKU-500")).willReturn(aResponse().withStatus(500)));
		CatalogClient catalog = kit().catalog();

		assertThatThrownBy(() -> catalog.product("SKU-404")).isInstanceOf(UpstreamNotFoundException.class);
		assertThatThrownBy(() -> catalog.product("SKU-400")).isInstanceOf(UpstreamRejectedException.class);
		assertThatThrownBy(() -> catalog.product("SKU-BAD")).isInstanceOf(UpstreamMalformedResponseException.class);
		assertThatThrownBy(() -> catalog.product("SKU-500")).isInstanceOf(UpstreamUnavailableException.class);

		for (String sku : List.of("SKU-404", "SKU-400", "SKU-BAD", "SKU-500")) {
			wiremock.verify(1, getRequestedFor(urlPathEqualTo("/catalog/products/" + sku)));
		}
	}

	@Test
	void retriesStopAtTheRequestDeadline() {
		// Given a service that is down (503 at once), ten attempts allowed with backoffs of 1-2 s, 2-4 s, 4-8 s ...
		// (jitter: between the exponential base and twice that), and a request with 10.5 s left on the kit's clock,
		// which only the backoff moves: what is left of the deadline depends on the policy, never on the machine
		wiremock.stubFor(get(urlPathEqualTo("/pricing/prices")).willReturn(aResponse().withStatus(503)));
		PricingClient pricing = kit("pricing.retry.max-attempts", "10", "pricing.retry.initial-backoff", "1s",
				"pricing.retry.multiplier", "2", "pricing.retry.max-backoff", "1m")
			.pricing();
		List<Long> waits = new java.util.concurrent.CopyOnWriteArrayList<>();
		this.kit.connections.guard("pricing").sleeper(millis -> {
			waits.add(millis);
			this.kit.clock.advance(Duration.ofMillis(millis));
		});
		RequestContext context = RequestContext.background()
			.withChannel("mobile", Deadline.in(Duration.ofMillis(10_500), this.kit.clock));

		// When the call is made
		try (RequestContext.Scope scope = context.open()) {
			assertThatThrownBy(() -> pricing.prices(List.of("SKU-1"))).isInstanceOf(UpstreamUnavailableException.class);
		}

		// Then it gave up after the third attempt, without waiting: the two waits left 4.5-7.5 s, less than the next
		// one may take (up to 8 s) plus an attempt. Retries blind to the deadline would have made ten attempts.
		wiremock.verify(3, getRequestedFor(urlPathEqualTo("/pricing/prices")));
		assertThat(waits).hasSize(2);
		assertThat(waits.get(0) + waits.get(1)).isLessThan(10_500);
		assertThat(this.kit.count("prism.upstream.retries", "service", "pricing")).isEqualTo(2);
		assertThat(context.deadline().isExpired()).isFalse();
	}

	@Test
	void aDeadServiceOpensTheCircuitAndIsThenNotCalled() {
		wiremock.stubFor(get(urlPathEqualTo("/catalog/products/SKU-1")).willReturn(aResponse().withStatus(503)));
		CatalogClient catalog = kit("catalog.retry.max-attempts", "1", "catalog.breaker.minimum-calls", "5",
				"catalog.breaker.sliding-window-size", "5", "catalog.cache.ttl", "0s")
			.catalog();

		for (int i = 0; i < 5; i++) {
			assertThatThrownBy(() -> catalog.product("SKU-1")).isInstanceOf(UpstreamUnavailableException.class);
		}
		assertThatThrownBy(() -> catalog.product("SKU-1"))
			.isInstanceOfSatisfying(UpstreamUnavailableException.class,
					ex -> assertThat(ex.retryAfter()).hasValue(Duration.ofSeconds(10)));

		wiremock.verify(5, getRequestedFor(urlPathEqualTo("/catalog/products/SKU-1")));
		assertThat(this.kit.breakers.circuitBreaker("catalog").getState().name()).isEqualTo("OPEN");
		assertThat(this.kit.timerCount("prism.upstream.requests", "service", "catalog", "outcome", "circuit_open"))
			.isEqualTo(1);
	}

	@Test
	void theCircuitClosesAgainWhenTheServiceRecovers() {
		CatalogClient catalog = catalogWithOpenCircuit();
		assertThat(this.kit.breakers.circuitBreaker("catalog").getState().name()).isEqualTo("OPEN");

		wiremock.stubFor(get(urlPathEqualTo("/catalog/products/SKU-1")).willReturn(okJson(PRODUCT)));
		this.kit.clock.advance(Duration.ofMillis(201));

		assertThat(catalog.product("SKU-1").sku()).isEqualTo("SKU-1");
		assertThat(this.kit.breakers.circuitBreaker("catalog").getState().name()).isEqualTo("CLOSED");
	}

	@Test
	void aFullBulkheadFailsFastInsteadOfQueueing() throws Exception {
		// Given a bulkhead of one, taken by a call whose answer the service holds until the test lets it go
		wiremock.stubFor(get(urlPathEqualTo("/catalog/products/SKU-1"))
			.willReturn(okJson(PRODUCT).withTransformers(HeldResponses.NAME)));
		CatalogClient catalog = kit("catalog.bulkhead.max-concurrent-calls", "1", "catalog.cache.ttl", "0s",
				"catalog.read-timeout", "1m")
			.catalog();
		CompletableFuture<Product> first = CompletableFuture.supplyAsync(() -> catalog.product("SKU-1"));
		held.awaitArrivals(1);

		// When a second call comes, it fails while the first is still held: it did not queue behind it (had it
		// queued, it would wait for ever, and the generous bound would end the test)
		assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThatThrownBy(() -> catalog.product("SKU-1"))
			.isInstanceOf(UpstreamUnavailableException.class));
		assertThat(first).isNotDone();

		// Then the first is answered once released, and the service saw only the first
		held.release();
		assertThat(first.get().sku()).isEqualTo("SKU-1");
		wiremock.verify(1, getRequestedFor(urlPathEqualTo("/catalog/products/SKU-1")));
		assertThat(this.kit.timerCount("prism.upstream.requests", "service", "catalog", "outcome", "bulkhead_full"))
			.isEqualTo(1);
	}

	@Test
	void aFreshCacheAnswersWithoutACallAndAStaleOneOnlyWhileTheServiceIsDown() {
		wiremock.stubFor(get(urlPathEqualTo("/catalog/products/SKU-1")).willReturn(okJson(PRODUCT)));
		CatalogClient catalog = kit("catalog.cache.ttl", "150ms", "catalog.cache.stale-if-error", "400ms",
				"catalog.retry.max-attempts", "1")
			.catalog();

		catalog.product("SKU-1");
		this.kit.clock.advance(Duration.ofMillis(149));
		catalog.product("SKU-1");
		wiremock.verify(1, getRequestedFor(urlPathEqualTo("/catalog/products/SKU-1")));

		// Given the entry expired and the service is down, the stale entry stands in.
		this.kit.clock.advance(Duration.ofMillis(1));
		wiremock.stubFor(get(urlPathEqualTo("/catalog/products/SKU-1")).willReturn(aResponse().withStatus(503)));
		assertThat(catalog.product("SKU-1").name()).isEqualTo("Boot");
		assertThat(this.kit.count("prism.upstream.cache", "cache", "catalog", "result", "stale")).isEqualTo(1);
		this.kit.clock.advance(Duration.ofMillis(399));
		assertThat(catalog.product("SKU-1").name()).isEqualTo("Boot");

		// Beyond the grace period it no longer does.
		this.kit.clock.advance(Duration.ofMillis(1));
		assertThatThrownBy(() -> catalog.product("SKU-1")).isInstanceOf(UpstreamUnavailableException.class);
		wiremock.verify(4, getRequestedFor(urlPathEqualTo("/catalog/products/SKU-1")));
	}

	@Test
	void batchLookupsFetchOnlyTheMissesInOneCall() {
		wiremock.stubFor(get(urlPathEqualTo("/pricing/prices")).withQueryParam("skus", equalTo("A,B"))
			.willReturn(okJson("{\"prices\":[{\"sku\":\"A\",\"currency\":\"EUR\",\"amount\":\"1.00\"}]}")));
		wiremock.stubFor(get(urlPathEqualTo("/pricing/prices")).withQueryParam("skus", equalTo("C"))
			.willReturn(okJson("{\"prices\":[{\"sku\":\"C\",\"currency\":\"EUR\",\"amount\":\"3.00\"}]}")));
		PricingClient pricing = kit("pricing.cache.ttl", "10s").pricing();

		assertThat(pricing.prices(List.of("A", "B")).keySet()).containsExactly("A");
		assertThat(pricing.prices(List.of("A", "B", "C")).keySet()).containsExactly("A", "C");

		wiremock.verify(1, getRequestedFor(urlPathEqualTo("/pricing/prices")).withQueryParam("skus", equalTo("A,B")));
		wiremock.verify(1, getRequestedFor(urlPathEqualTo("/pricing/prices")).withQueryParam("skus", equalTo("C")));
	}

	@Test
	void aPostWhoseAnswerIsLostIsRetriedWithTheSameKey() {
		wiremock.stubFor(post(urlPathEqualTo("/orders/orders")).inScenario("lost")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withStatus(503))
			.willSetStateTo("committed"));
		wiremock.stubFor(post(urlPathEqualTo("/orders/orders")).inScenario("lost")
			.whenScenarioStateIs("committed")
			.willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
				.withBody("{\"id\":\"o-1\",\"customerId\":\"c-1\",\"status\":\"PLACED\",\"lines\":[]}")));

		Order order = kit().orders()
			.place(new PlaceOrder("c-1", "web", List.of(new PlaceOrder.Line("SKU-1", 1))), "c-1:key-7");

		assertThat(order.id()).isEqualTo("o-1");
		wiremock.verify(2, postRequestedFor(urlPathEqualTo("/orders/orders")).withHeader("Idempotency-Key",
				equalTo("c-1:key-7")));
	}

	@Test
	void anOrderCommittedUpstreamWhoseAnswerIsLostExistsExactlyOnce() {
		// Given the stateful demo orders service drops its answer after committing the first order
		try (DemoUpstreams demo = DemoUpstreams.start()) {
			this.kit = new UpstreamTestKit("http://127.0.0.1:" + demo.port(), Map.of());
			demo.fault("orders", new DemoFaults.Fault(DemoFaults.Mode.LOSE_RESPONSE_ONCE, Duration.ZERO, 0));
			PlaceOrder order = new PlaceOrder("c-1001", "partner", List.of(new PlaceOrder.Line("SKU-1001", 2)));

			// When the client places it (its first attempt sees the connection drop)
			Order placed = this.kit.orders().place(order, "acme:exactly-once");

			// Then the retry with the same key answers the committed order, and only one exists
			assertThat(placed.customerId()).isEqualTo("c-1001");
			assertThat(demo.ordersCreated()).isEqualTo(1);
			assertThat(this.kit.orders().place(order, "acme:exactly-once").id()).isEqualTo(placed.id());
			assertThat(demo.ordersCreated()).isEqualTo(1);
		}
	}

	@Test
	void aPostNeedsAnIdempotencyKey() {
		assertThatThrownBy(() -> kit().orders().place(new PlaceOrder("c-1", "web", List.of()), null))
			.isInstanceOf(IllegalArgumentException.class);
		assertThat(wiremock.getAllServeEvents()).isEmpty();
	}

	@Test
	void aThousandFailedCallsLeakNoConnection() {
		wiremock.stubFor(get(urlPathEqualTo("/pricing/prices")).inScenario("chaos")
			.willReturn(aResponse().withStatus(503)));
		wiremock.stubFor(get(urlPathEqualTo("/pricing/prices")).withQueryParam("skus", equalTo("RESET"))
			.willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
		wiremock.stubFor(get(urlPathEqualTo("/pricing/prices")).withQueryParam("skus", equalTo("GARBAGE"))
			.willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("{x")));
		wiremock.stubFor(get(urlPathEqualTo("/pricing/prices")).withQueryParam("skus", equalTo("EMPTY"))
			.willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));
		// A breaker that never opens and no retries, so every call really goes over the wire.
		PricingClient pricing = kit("pricing.retry.max-attempts", "1", "pricing.breaker.minimum-calls", "100000",
				"pricing.breaker.sliding-window-size", "100000", "pricing.max-connections", "20",
				"pricing.max-connections-per-route", "20")
			.pricing();

		List<String> kinds = List.of("DOWN", "RESET", "GARBAGE", "EMPTY");
		for (int i = 0; i < 1_000; i++) {
			String sku = kinds.get(i % kinds.size());
			assertThatThrownBy(() -> pricing.prices(List.of(sku))).isInstanceOf(dev.prism.platform.problem.ProblemException.class);
		}

		var stats = this.kit.connections.pools().get("pricing").getTotalStats();
		assertThat(stats.getLeased()).isZero();
		assertThat(stats.getPending()).isZero();
		assertThat(stats.getAvailable()).isLessThanOrEqualTo(20);
		wiremock.stubFor(get(urlPathEqualTo("/pricing/prices")).atPriority(1)
			.willReturn(okJson("{\"prices\":[{\"sku\":\"SKU-1\",\"currency\":\"EUR\",\"amount\":\"1.00\"}]}")));
		assertThat(pricing.prices(List.of("SKU-1"))).containsKey("SKU-1");
	}

	@Test
	void badGatewayAndGatewayTimeoutAreRetriedUntilTheServiceAnswers() {
		wiremock.stubFor(get(urlPathEqualTo("/customers/customers/c-1")).inScenario("gateway")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withStatus(502))
			.willSetStateTo("504"));
		wiremock.stubFor(get(urlPathEqualTo("/customers/customers/c-1")).inScenario("gateway")
			.whenScenarioStateIs("504")
			.willReturn(aResponse().withStatus(504))
			.willSetStateTo("up"));
		wiremock.stubFor(get(urlPathEqualTo("/customers/customers/c-1")).inScenario("gateway")
			.whenScenarioStateIs("up")
			.willReturn(okJson("{\"id\":\"c-1\",\"name\":\"Alice\",\"email\":\"a@example.com\",\"tier\":\"GOLD\"}")));

		assertThat(kit().customers().customer("c-1").name()).isEqualTo("Alice");

		wiremock.verify(3, getRequestedFor(urlPathEqualTo("/customers/customers/c-1")));
		assertThat(this.kit.count("prism.upstream.retries", "service", "customers")).isEqualTo(2);
	}

	@Test
	void aRefusedConnectionIsRetriedThenReportedUnavailable() throws Exception {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		this.kit = new UpstreamTestKit("http://127.0.0.1:" + closedPort, Map.of());

		assertThatThrownBy(() -> this.kit.recommendations().recommendations("SKU-1", null, 4))
			.isInstanceOf(UpstreamUnavailableException.class);

		assertThat(this.kit.count("prism.upstream.retries", "service", "recommendations")).isEqualTo(2);
		assertThat(this.kit.timerCount("prism.upstream.requests", "service", "recommendations", "outcome",
				"unavailable")).isEqualTo(3);
	}

	@Test
	void aServiceThatAcceptsNoConnectionTimesOutAfterItsConnectTimeout() throws Exception {
		// Given a server whose accept backlog is full, so a new connection is never established
		try (ServerSocket blackHole = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			List<Socket> backlog = new java.util.ArrayList<>();
			for (int i = 0; i < 10; i++) {
				Socket socket = new Socket();
				try {
					socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), blackHole.getLocalPort()), 100);
					backlog.add(socket);
				}
				catch (SocketTimeoutException full) {
					socket.close();
					break;
				}
			}
			this.kit = new UpstreamTestKit("http://127.0.0.1:" + blackHole.getLocalPort(),
					Map.of("prism.upstreams.reviews.connect-timeout", "150ms", "prism.upstreams.reviews.read-timeout",
							"1m", "prism.upstreams.reviews.retry.max-attempts", "1", "prism.upstreams.reviews.cache.ttl",
							"0s"));

			// When a call is made, it times out: after its connect timeout, not its read timeout (a minute) nor the
			// system's (about two minutes of SYN retries); the bound leaves seconds for a busy machine
			long started = System.nanoTime();
			assertThatThrownBy(() -> this.kit.reviews().reviews("SKU-1", 3))
				.isInstanceOf(UpstreamTimeoutException.class);
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
			assertThat(this.kit.timerCount("prism.upstream.requests", "service", "reviews", "outcome", "timeout"))
				.isEqualTo(1);
			for (Socket socket : backlog) {
				socket.close();
			}
		}
	}

	@Test
	void eachServiceHasItsOwnReadTimeout() {
		// Both answer after a second: ten times pricing's read timeout, a thirtieth of the catalog's.
		wiremock.stubFor(get(urlPathEqualTo("/catalog/products/SKU-1")).willReturn(okJson(PRODUCT).withFixedDelay(1_000)));
		wiremock.stubFor(get(urlPathEqualTo("/pricing/prices")).willReturn(okJson("{\"prices\":[]}").withFixedDelay(1_000)));
		kit("pricing.read-timeout", "100ms", "pricing.retry.max-attempts", "1", "catalog.read-timeout", "30s");

		assertThat(this.kit.catalog().product("SKU-1").sku()).isEqualTo("SKU-1");
		assertThatThrownBy(() -> this.kit.pricing().prices(List.of("SKU-1")))
			.isInstanceOf(UpstreamTimeoutException.class);

		// One attempt, counted where it is made (the service may not have read a request given up on after 100 ms).
		assertThat(this.kit.timerCount("prism.upstream.requests", "service", "pricing", "outcome", "timeout"))
			.isEqualTo(1);
		assertThat(this.kit.timerCount("prism.upstream.requests", "service", "catalog", "outcome", "success"))
			.isEqualTo(1);
	}

	@Test
	void aCallNeverWaitsPastTheRequestDeadlineWhateverItsReadTimeout() {
		// Given a service that answers after 10 s, well within its read timeout of 30 s, and a deadline of 250 ms
		wiremock.stubFor(get(urlPathEqualTo("/catalog/products/SKU-1")).willReturn(okJson(PRODUCT).withFixedDelay(10_000)));
		CatalogClient catalog = kit("catalog.read-timeout", "30s", "catalog.cache.ttl", "0s").catalog();
		RequestContext context = RequestContext.background().withChannel("mobile", Deadline.in(Duration.ofMillis(250)));

		// When it is called, it times out (waiting for the answer would have been a success) and did not wait for
		// the 10 s answer; the bound leaves seconds for a busy machine
		long started = System.nanoTime();
		try (RequestContext.Scope scope = context.open()) {
			assertThatThrownBy(() -> catalog.product("SKU-1")).isInstanceOf(UpstreamTimeoutException.class);
		}

		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
		// No retry: the deadline has no time left for one.
		assertThat(this.kit.count("prism.upstream.retries", "service", "catalog")).isZero();
		assertThat(this.kit.timerCount("prism.upstream.requests", "service", "catalog", "outcome", "timeout"))
			.isEqualTo(1);
	}

	@Test
	void aCallStartedAfterTheDeadlineNeverReachesTheService() {
		wiremock.stubFor(get(urlPathEqualTo("/catalog/products/SKU-1")).willReturn(okJson(PRODUCT)));
		CatalogClient catalog = kit("catalog.cache.ttl", "0s").catalog();
		RequestContext context = RequestContext.background().withChannel("web", Deadline.in(Duration.ZERO));

		try (RequestContext.Scope scope = context.open()) {
			assertThatThrownBy(() -> catalog.product("SKU-1")).isInstanceOf(UpstreamTimeoutException.class);
		}

		wiremock.verify(0, getRequestedFor(urlPathEqualTo("/catalog/products/SKU-1")));
	}

	@Test
	void clientErrorsNeverCountTowardsOpeningTheCircuit() {
		wiremock.stubFor(get(urlPathEqualTo("/catalog/products/SKU-404")).willReturn(aResponse().withStatus(404)));
		wiremock.stubFor(get(urlPathEqualTo("/catalog/products/SKU-400")).willReturn(aResponse().withStatus(400)));
		CatalogClient catalog = kit("catalog.breaker.minimum-calls", "4", "catalog.breaker.sliding-window-size", "4",
				"catalog.cache.ttl", "0s")
			.catalog();

		for (int i = 0; i < 5; i++) {
			assertThatThrownBy(() -> catalog.product("SKU-404")).isInstanceOf(UpstreamNotFoundException.class);
			assertThatThrownBy(() -> catalog.product("SKU-400")).isInstanceOf(UpstreamRejectedException.class);
		}

		wiremock.verify(5, getRequestedFor(urlPathEqualTo("/catalog/products/SKU-404")));
		wiremock.verify(5, getRequestedFor(urlPathEqualTo("/catalog/products/SKU-400")));
		assertThat(this.kit.breakers.circuitBreaker("catalog").getState().name()).isEqualTo("CLOSED");
		assertThat(this.kit.breakers.circuitBreaker("catalog").getMetrics().getNumberOfFailedCalls()).isZero();
	}

	@Test
	void anOpenCircuitFailsFastAndIsNotRetried() {
		wiremock.stubFor(get(urlPathEqualTo("/catalog/products/SKU-1")).willReturn(okJson(PRODUCT)));
		CatalogClient catalog = kit("catalog.cache.ttl", "0s").catalog();
		this.kit.breakers.circuitBreaker("catalog").transitionToOpenState();

		assertThatThrownBy(() -> catalog.product("SKU-1")).isInstanceOf(UpstreamUnavailableException.class);

		wiremock.verify(0, getRequestedFor(urlPathEqualTo("/catalog/products/SKU-1")));
		assertThat(this.kit.count("prism.upstream.retries", "service", "catalog")).isZero();
	}

	@Test
	void anOpenCircuitTellsClientsHowMuchOfItsWaitIsLeft() {
		wiremock.stubFor(get(urlPathEqualTo("/catalog/products/SKU-1")).willReturn(aResponse().withStatus(503)));
		CatalogClient catalog = kit("catalog.retry.max-attempts", "1", "catalog.breaker.minimum-calls", "2",
				"catalog.breaker.sliding-window-size", "2", "catalog.breaker.wait-in-open-state", "2s",
				"catalog.cache.ttl", "0s")
			.catalog();
		for (int i = 0; i < 2; i++) {
			assertThatThrownBy(() -> catalog.product("SKU-1")).isInstanceOf(UpstreamUnavailableException.class);
		}
		assertThatThrownBy(() -> catalog.product("SKU-1")).isInstanceOfSatisfying(UpstreamUnavailableException.class,
				ex -> assertThat(ex.retryAfter()).hasValue(Duration.ofSeconds(2)));

		this.kit.clock.advance(Duration.ofMillis(1_100));

		assertThatThrownBy(() -> catalog.product("SKU-1")).isInstanceOfSatisfying(UpstreamUnavailableException.class,
				ex -> assertThat(ex.retryAfter()).hasValue(Duration.ofSeconds(1)));
		wiremock.verify(2, getRequestedFor(urlPathEqualTo("/catalog/products/SKU-1")));
	}

	@Test
	void aHalfOpenCircuitLetsOnlyItsProbesThroughAndOpensAgainWhenTheyFail() {
		CatalogClient catalog = catalogWithOpenCircuit();
		assertThatThrownBy(() -> catalog.product("SKU-1")).isInstanceOf(UpstreamUnavailableException.class);
		this.kit.clock.advance(Duration.ofMillis(201));

		// The one probe reaches the still-dead service, the circuit opens again, and the next call is not let through.
		assertThatThrownBy(() -> catalog.product("SKU-1")).isInstanceOf(UpstreamUnavailableException.class);
		assertThat(this.kit.breakers.circuitBreaker("catalog").getState().name()).isEqualTo("OPEN");
		assertThatThrownBy(() -> catalog.product("SKU-1")).isInstanceOf(UpstreamUnavailableException.class);

		wiremock.verify(3, getRequestedFor(urlPathEqualTo("/catalog/products/SKU-1")));
	}

	/**
	 * A catalog whose circuit two failed calls opened (window of two, no retries, no cache), letting one probe through
	 * once the kit's clock has moved past 200 ms; the stub keeps answering 503 until a test replaces it.
	 */
	private CatalogClient catalogWithOpenCircuit() {
		wiremock.stubFor(get(urlPathEqualTo("/catalog/products/SKU-1")).willReturn(aResponse().withStatus(503)));
		CatalogClient catalog = kit("catalog.retry.max-attempts", "1", "catalog.breaker.minimum-calls", "2",
				"catalog.breaker.sliding-window-size", "2", "catalog.breaker.wait-in-open-state", "200ms",
				"catalog.breaker.half-open-calls", "1", "catalog.cache.ttl", "0s")
			.catalog();
		for (int i = 0; i < 2; i++) {
			assertThatThrownBy(() -> catalog.product("SKU-1")).isInstanceOf(UpstreamUnavailableException.class);
		}
		return catalog;
	}

	@Test
	void retriesBackOffExponentiallyWithJitter() {
		wiremock.stubFor(get(urlPathEqualTo("/pricing/prices")).willReturn(aResponse().withStatus(503)));
		PricingClient pricing = kit("pricing.retry.max-attempts", "6", "pricing.retry.initial-backoff", "10ms",
				"pricing.retry.multiplier", "2", "pricing.retry.max-backoff", "1s")
			.pricing();
		List<Long> waits = new java.util.concurrent.CopyOnWriteArrayList<>();
		this.kit.connections.guard("pricing").sleeper(waits::add);

		assertThatThrownBy(() -> pricing.prices(List.of("SKU-1"))).isInstanceOf(UpstreamUnavailableException.class);

		wiremock.verify(6, getRequestedFor(urlPathEqualTo("/pricing/prices")));
		assertThat(waits).hasSize(5);
		for (int i = 0; i < waits.size(); i++) {
			long base = 10L << i;
			assertThat(waits.get(i)).as("wait %d", i).isBetween(base, 2 * base);
		}
		// Jitter: the waits are not exactly the exponential series.
		assertThat(waits).isNotEqualTo(List.of(10L, 20L, 40L, 80L, 160L));
	}

}
