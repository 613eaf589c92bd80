package dev.prism.upstream;

import java.net.URI;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;

import javax.cache.CacheManager;
import javax.cache.Caching;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;

import org.ehcache.jsr107.EhcacheCachingProvider;
import org.ehcache.core.config.DefaultConfiguration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.web.client.RestClient;

/**
 * One pooled Apache HttpClient 5, one {@link RestClient}, one bulkhead, circuit breaker and retry policy per domain
 * service, the read caches, and the typed clients on top.
 */
@Configuration(proxyBeanMethods = false)
class UpstreamConfiguration {

	@Bean
	CircuitBreakerRegistry upstreamCircuitBreakers(MeterRegistry meters) {
		CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();
		TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(meters);
		return registry;
	}

	@Bean
	BulkheadRegistry upstreamBulkheads(MeterRegistry meters) {
		BulkheadRegistry registry = BulkheadRegistry.ofDefaults();
		TaggedBulkheadMetrics.ofBulkheadRegistry(registry).bindTo(meters);
		return registry;
	}

	/** The manager of the upstream read caches, one per application context; each service's cache is made to its
	 * own properties ({@link UpstreamConnections#cache}). */
	@Bean(destroyMethod = "close")
	CacheManager upstreamCacheManager() {
		EhcacheCachingProvider provider = (EhcacheCachingProvider) Caching
			.getCachingProvider(EhcacheCachingProvider.class.getName());
		return provider.getCacheManager(URI.create("urn:prism:upstream-cache:" + UUID.randomUUID()),
				new DefaultConfiguration(UpstreamConfiguration.class.getClassLoader()));
	}

	@Bean(destroyMethod = "close")
	IdentityProviderHttp identityProviderHttp(IdentityHttpProperties properties, RestClient.Builder builder,
			MeterRegistry meters,
			@Value("${management.observations.http.client.requests.name:http.client.requests}") String observationName) {
		return new IdentityProviderHttp(properties, builder, meters, observationName);
	}

	/** The identity providers' JWK sets, fetched through {@link IdentityProviderHttp}, cached and rate-limited per URI. */
	@Bean
	IdentityProviderKeys identityProviderKeys(IdentityProviderHttp identity, ObjectProvider<Clock> clocks) {
		return new IdentityProviderKeys(identity.jwkSets(), clocks.getIfUnique(Clock::systemUTC));
	}

	@Bean
	UpstreamCredentialModes upstreamCredentialModes(UpstreamProperties properties,
			ObjectProvider<ClientRegistrationRepository> registrations) {
		return new UpstreamCredentialModes(properties, registrations.getIfAvailable());
	}

	@Bean
	UpstreamConnections upstreamConnections(UpstreamProperties properties, RestClient.Builder builder,
			CircuitBreakerRegistry breakers, BulkheadRegistry bulkheads, CacheManager caches, MeterRegistry meters,
			@Value("${management.observations.http.client.requests.name:http.client.requests}") String observationName,
			UpstreamCredentialModes modes, IdentityProviderHttp identity,
			ObjectProvider<ClientRegistrationRepository> registrations, ObjectProvider<Clock> clocks) {
		// (modes: checked before any client exists, so a misconfigured credential refuses the start first)
		UpstreamConnections connections = new UpstreamConnections(properties, builder, breakers, bulkheads, caches,
				meters, observationName);
		ClientRegistrationRepository repository = registrations.getIfAvailable();
		if (repository != null) {
			connections.identityTokens(
					new IdentityTokens(repository, identity, caches, IDENTITY_TOKENS, meters,
							clocks.getIfUnique(Clock::systemUTC)));
		}
		return connections;
	}

	/** Upstream tokens kept at most: Prism's own, and one per caller token and audience exchanged. */
	private static final long IDENTITY_TOKENS = 50_000;

	@Bean
	CatalogClient catalogClient(UpstreamConnections connections) {
		return new CatalogClient(connections.http("catalog"), connections.cache("catalog"));
	}

	@Bean
	PricingClient pricingClient(UpstreamConnections connections) {
		return new PricingClient(connections.http("pricing"), connections.cache("pricing"));
	}

	@Bean
	InventoryClient inventoryClient(UpstreamConnections connections) {
		return new InventoryClient(connections.http("inventory"), connections.cache("inventory"));
	}

	@Bean
	ReviewsClient reviewsClient(UpstreamConnections connections) {
		return new ReviewsClient(connections.http("reviews"), connections.cache("reviews"));
	}

	@Bean
	RecommendationsClient recommendationsClient(UpstreamConnections connections) {
		return new RecommendationsClient(connections.http("recommendations"));
	}

	@Bean
	CustomersClient customersClient(UpstreamConnections connections) {
		return new CustomersClient(connections.http("customers"));
	}

	@Bean
	OrdersClient ordersClient(UpstreamConnections connections) {
		return new OrdersClient(connections.http("orders"));
	}

	@Bean
	FanOut fanOut(UpstreamConnections connections) {
		return new FanOut(fanOutExecutor(), connections.timeouts());
	}

	private static Executor fanOutExecutor() {
		if (Runtime.version().feature() >= 21) {
			SimpleAsyncTaskExecutor virtual = new SimpleAsyncTaskExecutor("fan-out-");
			virtual.setVirtualThreads(true);
			return virtual;
		}
		ThreadPoolTaskExecutor pool = new ThreadPoolTaskExecutor();
		pool.setThreadNamePrefix("fan-out-");
		pool.setCorePoolSize(32);
		pool.setMaxPoolSize(512);
		pool.setQueueCapacity(0);
		pool.setRejectedExecutionHandler(new ThreadPoolExecutor.CallerRunsPolicy());
		pool.initialize();
		return pool;
	}

}
