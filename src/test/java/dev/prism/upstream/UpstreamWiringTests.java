package dev.prism.upstream;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.prism.platform.request.Deadline;
import dev.prism.platform.request.RequestContext;

/**
 * The upstream module as the application wires it, against WireMock (no demo upstreams): base URLs carrying a path,
 * the correlation id and W3C trace context on every call (fan-out branches included), per-service bearer tokens, the
 * per-service defaults of {@code application.yml}, and the meters registered for every service.
 */
@SpringBootTest(properties = { "prism.demo.upstreams.enabled=false", "prism.demo.identity-provider.enabled=false",
		"prism.upstreams.customers.token=wired-token" })
class UpstreamWiringTests {

	static final List<String> SERVICES = List.of("catalog", "pricing", "inventory", "reviews", "recommendations",
			"customers", "orders");

	static final WireMockServer wiremock = new WireMockServer(options().dynamicPort());

	static {
		wiremock.start();
	}

	@DynamicPropertySource
	static void baseUrls(DynamicPropertyRegistry registry) {
		for (String service : SERVICES) {
			registry.add("prism.upstreams." + service + ".base-url", () -> wiremock.baseUrl() + "/" + service);
		}
	}

	@AfterAll
	static void stop() {
		wiremock.stop();
	}

	@Autowired
	CatalogClient catalog;

	@Autowired
	PricingClient pricing;

	@Autowired
	CustomersClient customers;

	@Autowired
	FanOut fanOut;

	@Autowired
	UpstreamProperties properties;

	@Autowired
	MeterRegistry meters;

	@Autowired
	ObservationRegistry observations;

	@Autowired
	Tracer tracer;

	@BeforeEach
	void reset() {
		wiremock.resetAll();
	}

	@Test
	void theCorrelationIdAndTraceContextReachEveryCallFanOutBranchesIncluded() {
		wiremock.stubFor(get(urlPathEqualTo("/catalog/products/SKU-W1"))
			.willReturn(okJson("{\"sku\":\"SKU-W1\",\"name\":\"Boot\",\"images\":[],\"attributes\":{}}")));
		wiremock.stubFor(get(urlPathEqualTo("/pricing/prices")).willReturn(okJson("{\"prices\":[]}")));
		RequestContext context = new RequestContext("req-wired", "web", Deadline.in(Duration.ofSeconds(2)));
		Observation request = Observation.start("test.request", this.observations);
		String traceId;
		String branchThread;

		// When a request calls one service directly and one from a fan-out branch
		try (Observation.Scope observed = request.openScope(); RequestContext.Scope scope = context.open()) {
			traceId = this.tracer.currentSpan().context().traceId();
			this.catalog.product("SKU-W1");
			branchThread = this.fanOut.fork("pricing", () -> {
				this.pricing.prices(List.of("SKU-W1"));
				return Thread.currentThread().getName();
			}).join();
		}
		finally {
			request.stop();
		}

		// Then both carry the request's correlation id and trace, under the base URL's path
		assertThat(branchThread).startsWith("fan-out-").isNotEqualTo(Thread.currentThread().getName());
		for (String path : List.of("/catalog/products/SKU-W1", "/pricing/prices")) {
			List<LoggedRequest> calls = wiremock.findAll(getRequestedFor(urlPathEqualTo(path)));
			assertThat(calls).as(path).hasSize(1);
			assertThat(calls.get(0).getHeader("X-Request-Id")).as(path).isEqualTo("req-wired");
			assertThat(calls.get(0).getHeader("traceparent")).as(path)
				.matches("00-" + traceId + "-[0-9a-f]{16}-0[01]");
			assertThat(calls.get(0).containsHeader("Authorization")).as(path).isFalse();
		}
	}

	@Test
	void aServiceWithATokenGetsItAsBearerToken() {
		wiremock.stubFor(get(urlPathEqualTo("/customers/customers/c-1")).willReturn(
				okJson("{\"id\":\"c-1\",\"name\":\"Alice\",\"email\":\"a@example.com\",\"tier\":\"GOLD\"}")));

		assertThat(this.customers.customer("c-1").name()).isEqualTo("Alice");

		wiremock.verify(1, getRequestedFor(urlPathEqualTo("/customers/customers/c-1"))
			.withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.equalTo("Bearer wired-token")));
	}

	@Test
	void aRedirectIsNeverFollowedSoTheTokenStaysWithItsService() {
		wiremock.stubFor(get(urlPathEqualTo("/customers/customers/c-2")).willReturn(
				com.github.tomakehurst.wiremock.client.WireMock.temporaryRedirect(wiremock.baseUrl() + "/elsewhere")));
		wiremock.stubFor(get(urlPathEqualTo("/elsewhere")).willReturn(okJson("{\"id\":\"c-2\",\"name\":\"Eve\"}")));

		// A 3xx is not an answer Prism can use: the call fails as a malformed answer, with no second request
		RequestContext context = new RequestContext("req-redirect", "web", Deadline.in(Duration.ofSeconds(2)));
		try (RequestContext.Scope scope = context.open()) {
			org.assertj.core.api.Assertions.assertThatThrownBy(() -> this.customers.customer("c-2"))
				.isInstanceOf(UpstreamMalformedResponseException.class);
		}
		wiremock.verify(0, getRequestedFor(urlPathEqualTo("/elsewhere")));
		wiremock.verify(1, getRequestedFor(urlPathEqualTo("/customers/customers/c-2")));
	}

	@Test
	void callsAskForUncompressedAnswers() {
		wiremock.stubFor(get(urlPathEqualTo("/catalog/products/SKU-W2"))
			.willReturn(okJson("{\"sku\":\"SKU-W2\",\"name\":\"Boot\",\"images\":[],\"attributes\":{}}")));

		this.catalog.product("SKU-W2");

		// Services sit next to Prism: compressing their answers costs both sides CPU and saves nothing worth it
		LoggedRequest call = wiremock.findAll(getRequestedFor(urlPathEqualTo("/catalog/products/SKU-W2"))).get(0);
		assertThat(call.containsHeader("Accept-Encoding")).isFalse();
	}

	@Test
	void applicationYmlGivesEveryServiceItsDefaults() {
		var services = this.properties.byName();
		assertThat(services.get("catalog").cache().ttl()).isEqualTo(Duration.ofMinutes(5));
		assertThat(services.get("reviews").cache().ttl()).isEqualTo(Duration.ofMinutes(5));
		assertThat(services.get("pricing").cache().ttl()).isEqualTo(Duration.ofSeconds(10));
		assertThat(services.get("inventory").cache().ttl()).isLessThanOrEqualTo(Duration.ofSeconds(5));
		assertThat(services.get("recommendations").cache().enabled()).isFalse();
		assertThat(services.get("orders").readTimeout()).isEqualTo(Duration.ofSeconds(3));
		services.forEach((name, service) -> {
			assertThat(service.maxConnectionsPerRoute()).as(name).isGreaterThan(5);
			assertThat(service.retry().maxAttempts()).as(name).isGreaterThan(1);
			if (service.cache().enabled()) {
				assertThat(service.cache().staleIfError()).as(name).isPositive();
			}
		});
	}

	@Test
	void everyServicePublishesItsPoolCircuitAndBulkheadMeters() {
		for (String service : SERVICES) {
			for (String state : List.of("leased", "available", "pending", "max")) {
				assertThat(this.meters.find("prism.upstream.pool.connections").tags("service", service, "state", state)
					.gauge()).as(service + " " + state).isNotNull();
			}
			assertThat(this.meters.find("resilience4j.circuitbreaker.state").tag("name", service).gauges())
				.as(service).isNotEmpty();
			assertThat(this.meters.find("resilience4j.bulkhead.max.allowed.concurrent.calls").tag("name", service)
				.gauge()).as(service).isNotNull();
			assertThat(this.meters.find("prism.upstream.retries").tag("service", service).counter()).as(service)
				.isNotNull();
		}
	}

}
