package dev.prism.upstream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.prism.testing.HeldResponses;

/**
 * What each upstream publishes to Micrometer: a timer per attempt tagged with service, operation and outcome, the
 * connection pool's statistics (with the configured limits really applied), the circuit state and the bulkhead limit.
 */
class UpstreamMetricsTests {

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

	private double pool(String service, String state) {
		return this.kit.gauge("prism.upstream.pool.connections", "service", service, "state", state);
	}

	@Test
	void everyAttemptIsTimedWithServiceOperationAndOutcome() {
		wiremock.stubFor(get(urlPathEqualTo("/pricing/prices")).willReturn(okJson("{\"prices\":[]}")));
		wiremock.stubFor(get(urlPathEqualTo("/catalog/products/SKU-X")).willReturn(aResponse().withStatus(404)));
		kit();

		this.kit.pricing().prices(List.of("SKU-1"));
		assertThatThrownBy(() -> this.kit.catalog().product("SKU-X")).isInstanceOf(UpstreamNotFoundException.class);

		var success = this.kit.meters.get("prism.upstream.requests")
			.tags("service", "pricing", "operation", "prices", "outcome", "success")
			.timer();
		assertThat(success.count()).isEqualTo(1);
		assertThat(success.totalTime(TimeUnit.NANOSECONDS)).isPositive();
		assertThat(this.kit.timerCount("prism.upstream.requests", "service", "catalog", "operation", "product",
				"outcome", "not_found")).isEqualTo(1);
	}

	@Test
	void httpClientRequestsAreTaggedWithTheServicesHostAndNoUrl() {
		wiremock.stubFor(get(urlPathEqualTo("/pricing/prices")).willReturn(okJson("{\"prices\":[]}")));
		kit().pricing().prices(List.of("SKU-1"));

		var timer = this.kit.meters.get("http.client.requests").timer();
		assertThat(timer.count()).isEqualTo(1);
		assertThat(timer.getId().getTag("client.name")).isEqualTo(java.net.URI.create(wiremock.baseUrl()).getHost());
		assertThat(timer.getId().getTag("uri")).isEqualTo("none");
		assertThat(timer.getId().getTag("outcome")).isEqualTo("SUCCESS");
	}

	@Test
	void thePoolLimitsAreAppliedAndThePoolStatisticsPublished() throws Exception {
		// The service holds its answers until the test lets them go; nothing times out meanwhile.
		wiremock.stubFor(get(urlPathEqualTo("/catalog/products/SKU-1"))
			.willReturn(okJson(PRODUCT).withTransformers(HeldResponses.NAME)));
		CatalogClient catalog = kit("catalog.max-connections", "10", "catalog.max-connections-per-route", "1",
				"catalog.connect-timeout", "1m", "catalog.read-timeout", "1m", "catalog.cache.ttl", "0s")
			.catalog();
		assertThat(pool("catalog", "max")).isEqualTo(10);

		// Given two concurrent calls to a service allowed one connection (per route), one of them held by the service
		CompletableFuture<Product> first = CompletableFuture.supplyAsync(() -> catalog.product("SKU-1"));
		CompletableFuture<Product> second = CompletableFuture.supplyAsync(() -> catalog.product("SKU-1"));
		held.awaitArrivals(1);

		// Then one holds the connection while the other waits for it (for as long as it takes to get in line)
		long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
		while (pool("catalog", "pending") != 1 && System.nanoTime() < until) {
			Thread.sleep(5);
		}
		assertThat(pool("catalog", "leased")).isEqualTo(1);
		assertThat(pool("catalog", "pending")).isEqualTo(1);
		assertThat(first).isNotDone();
		assertThat(second).isNotDone();

		// And both are answered, one after the other, on the one connection that then goes back to the pool
		held.release();
		assertThat(first.get().sku()).isEqualTo("SKU-1");
		assertThat(second.get().sku()).isEqualTo("SKU-1");
		wiremock.verify(2, getRequestedFor(urlPathEqualTo("/catalog/products/SKU-1")));
		assertThat(pool("catalog", "leased")).isZero();
		assertThat(pool("catalog", "pending")).isZero();
		assertThat(pool("catalog", "available")).isEqualTo(1);
	}

	@Test
	void theCircuitStateAndTheBulkheadLimitArePublished() {
		kit("catalog.bulkhead.max-concurrent-calls", "7").catalog();

		assertThat(this.kit.gauge("resilience4j.circuitbreaker.state", "name", "catalog", "state", "closed"))
			.isEqualTo(1);
		this.kit.breakers.circuitBreaker("catalog").transitionToOpenState();
		assertThat(this.kit.gauge("resilience4j.circuitbreaker.state", "name", "catalog", "state", "open"))
			.isEqualTo(1);
		assertThat(this.kit.gauge("resilience4j.circuitbreaker.state", "name", "catalog", "state", "closed"))
			.isZero();
		assertThat(this.kit.gauge("resilience4j.bulkhead.max.allowed.concurrent.calls", "name", "catalog"))
			.isEqualTo(7);
	}

}
