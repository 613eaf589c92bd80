package dev.prism.upstream;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import javax.cache.CacheManager;
import javax.cache.Caching;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.ehcache.jsr107.EhcacheCachingProvider;
import org.ehcache.core.config.DefaultConfiguration;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.web.client.RestClient;

import dev.prism.testing.ManualClock;

/**
 * Builds the real upstream clients — properties bound exactly as Spring Boot binds them, real HTTP client, guard and
 * cache — against given base URLs, without an application context, so each test can choose its own policy.
 */
final class UpstreamTestKit implements AutoCloseable {

	/** The read timeout of every service unless a test sets one. */
	static final String READ_TIMEOUT = "30s";

	final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	/**
	 * What the caches and circuit breakers tell time by: it stands still until a test moves it, and can be the clock of
	 * a test's {@link dev.prism.platform.request.Deadline} too.
	 */
	final ManualClock clock = new ManualClock();

	/** Bound to {@link #meters} exactly as the application binds them. */
	final CircuitBreakerRegistry breakers;

	final BulkheadRegistry bulkheads;

	final CacheManager caches;

	final UpstreamConnections connections;

	final UpstreamProperties properties;

	/**
	 * A kit against one base URL, with {@code prism.upstreams.*} overrides given as pairs without the prefix, e.g.
	 * {@code of(url, "orders.retry.max-attempts", "1")}.
	 */
	static UpstreamTestKit of(String baseUrl, String... overrides) {
		Map<String, String> map = new HashMap<>();
		for (int i = 0; i < overrides.length; i += 2) {
			map.put("prism.upstreams." + overrides[i], overrides[i + 1]);
		}
		return new UpstreamTestKit(baseUrl, map);
	}

	/**
	 * Every service gets a read timeout of {@value #READ_TIMEOUT} unless a test sets its own: a test that is not about
	 * timeouts must never see one, and the first call of a cold JVM on a busy machine can take seconds.
	 * @param baseUrl the base URL every service gets, with {@code /<service>} appended
	 * @param overrides extra {@code prism.upstreams.*} properties
	 */
	UpstreamTestKit(String baseUrl, Map<String, String> overrides) {
		Map<String, String> source = new HashMap<>();
		for (String service : new String[] { "catalog", "pricing", "inventory", "reviews", "recommendations",
				"customers", "orders" }) {
			source.put("prism.upstreams." + service + ".base-url", baseUrl + "/" + service);
			source.put("prism.upstreams." + service + ".read-timeout", READ_TIMEOUT);
		}
		source.putAll(overrides);
		this.properties = new Binder(new MapConfigurationPropertySource(source))
			.bind("prism.upstreams", UpstreamProperties.class)
			.get();
		EhcacheCachingProvider provider = (EhcacheCachingProvider) Caching
			.getCachingProvider(EhcacheCachingProvider.class.getName());
		this.caches = provider.getCacheManager(URI.create("urn:test:" + UUID.randomUUID()),
				new DefaultConfiguration(getClass().getClassLoader()));
		UpstreamConfiguration configuration = new UpstreamConfiguration();
		this.breakers = configuration.upstreamCircuitBreakers(this.meters);
		this.bulkheads = configuration.upstreamBulkheads(this.meters);
		// Observed into the same registry, as the application's RestClient.Builder is.
		io.micrometer.observation.ObservationRegistry observations = io.micrometer.observation.ObservationRegistry.create();
		observations.observationConfig()
			.observationHandler(new io.micrometer.core.instrument.observation.DefaultMeterObservationHandler(this.meters));
		this.connections = new UpstreamConnections(this.properties,
				RestClient.builder().observationRegistry(observations), this.breakers, this.bulkheads, this.caches,
				this.meters, "http.client.requests", this.clock);
	}

	CatalogClient catalog() {
		return new CatalogClient(this.connections.http("catalog"), this.connections.cache("catalog"));
	}

	PricingClient pricing() {
		return new PricingClient(this.connections.http("pricing"), this.connections.cache("pricing"));
	}

	InventoryClient inventory() {
		return new InventoryClient(this.connections.http("inventory"), this.connections.cache("inventory"));
	}

	ReviewsClient reviews() {
		return new ReviewsClient(this.connections.http("reviews"), this.connections.cache("reviews"));
	}

	CustomersClient customers() {
		return new CustomersClient(this.connections.http("customers"));
	}

	RecommendationsClient recommendations() {
		return new RecommendationsClient(this.connections.http("recommendations"));
	}

	OrdersClient orders() {
		return new OrdersClient(this.connections.http("orders"));
	}

	double count(String name, String... tags) {
		var counter = this.meters.find(name).tags(tags).counter();
		return counter == null ? 0 : counter.count();
	}

	long timerCount(String name, String... tags) {
		var timer = this.meters.find(name).tags(tags).timer();
		return timer == null ? 0 : timer.count();
	}

	double gauge(String name, String... tags) {
		var gauge = this.meters.find(name).tags(tags).gauge();
		return gauge == null ? Double.NaN : gauge.value();
	}

	@Override
	public void close() throws Exception {
		this.connections.close();
		this.caches.close();
	}

}
