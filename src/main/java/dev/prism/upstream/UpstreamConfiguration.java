package dev.prism.upstream;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;

import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.web.client.RestClient;

import dev.prism.platform.Deadline;
import dev.prism.platform.RequestContext;

/**
 * One pooled Apache HttpClient 5 and one {@link RestClient} per domain service, and the typed clients on top.
 */
@Configuration(proxyBeanMethods = false)
class UpstreamConfiguration {

	private static final Duration MINIMUM_RESPONSE_TIMEOUT = Duration.ofMillis(1);

	@Bean
	UpstreamConnections upstreamConnections(UpstreamProperties properties) {
		return new UpstreamConnections(properties);
	}

	@Bean
	CatalogClient catalogClient(UpstreamConnections connections, RestClient.Builder builder) {
		return new CatalogClient(connections.http("catalog", builder));
	}

	@Bean
	PricingClient pricingClient(UpstreamConnections connections, RestClient.Builder builder) {
		return new PricingClient(connections.http("pricing", builder));
	}

	@Bean
	InventoryClient inventoryClient(UpstreamConnections connections, RestClient.Builder builder) {
		return new InventoryClient(connections.http("inventory", builder));
	}

	@Bean
	ReviewsClient reviewsClient(UpstreamConnections connections, RestClient.Builder builder) {
		return new ReviewsClient(connections.http("reviews", builder));
	}

	@Bean
	RecommendationsClient recommendationsClient(UpstreamConnections connections, RestClient.Builder builder) {
		return new RecommendationsClient(connections.http("recommendations", builder));
	}

	@Bean
	CustomersClient customersClient(UpstreamConnections connections, RestClient.Builder builder) {
		return new CustomersClient(connections.http("customers", builder));
	}

	@Bean
	OrdersClient ordersClient(UpstreamConnections connections, RestClient.Builder builder) {
		return new OrdersClient(connections.http("orders", builder));
	}

	@Bean
	FanOut fanOut() {
		return new FanOut(fanOutExecutor());
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

	/** The connection pools, one per service, closed with the application context. */
	static class UpstreamConnections implements AutoCloseable {

		private final UpstreamProperties properties;

		private final Map<String, PoolingHttpClientConnectionManager> pools = new java.util.concurrent.ConcurrentHashMap<>();

		private final Map<String, CloseableHttpClient> clients = new java.util.concurrent.ConcurrentHashMap<>();

		UpstreamConnections(UpstreamProperties properties) {
			this.properties = properties;
		}

		UpstreamHttp http(String name, RestClient.Builder builder) {
			UpstreamProperties.Service service = this.properties.byName().get(name);
			PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
				.setMaxConnTotal(service.maxConnections())
				.setMaxConnPerRoute(service.maxConnectionsPerRoute())
				.setDefaultConnectionConfig(ConnectionConfig.custom()
					.setConnectTimeout(Timeout.of(service.connectTimeout()))
					.setSocketTimeout(Timeout.of(service.readTimeout()))
					.setTimeToLive(TimeValue.ofMinutes(5))
					.build())
				.build();
			CloseableHttpClient client = HttpClients.custom()
				.setConnectionManager(pool)
				.disableAutomaticRetries()
				.disableCookieManagement()
				.evictIdleConnections(TimeValue.ofSeconds(30))
				.build();
			this.pools.put(name, pool);
			this.clients.put(name, client);
			HttpComponentsClientHttpRequestFactory requestFactory = new HttpComponentsClientHttpRequestFactory(client);
			requestFactory.setHttpContextFactory((method, uri) -> {
				// Never wait past the request's deadline, whatever the service's read timeout.
				Deadline deadline = RequestContext.current().deadline();
				Duration timeout = min(service.readTimeout(), deadline.remaining());
				HttpClientContext context = HttpClientContext.create();
				context.setRequestConfig(RequestConfig.custom()
					.setResponseTimeout(Timeout.of(max(timeout, MINIMUM_RESPONSE_TIMEOUT)))
					.setConnectionRequestTimeout(Timeout.of(max(min(service.connectTimeout(), timeout),
							MINIMUM_RESPONSE_TIMEOUT)))
					.build());
				return context;
			});
			RestClient rest = builder.clone()
				.baseUrl(service.baseUrl().toString())
				.requestFactory(requestFactory)
				.requestInterceptor((request, body, execution) -> {
					RequestContext context = RequestContext.current();
					request.getHeaders().set("X-Request-Id", context.requestId());
					request.getHeaders().set("traceparent", context.traceparent());
					if (service.token() != null && !service.token().isBlank()) {
						request.getHeaders().setBearerAuth(service.token());
					}
					return execution.execute(request, body);
				})
				.build();
			return new UpstreamHttp(name, rest);
		}

		Map<String, PoolingHttpClientConnectionManager> pools() {
			return this.pools;
		}

		@Override
		public void close() throws Exception {
			for (CloseableHttpClient client : this.clients.values()) {
				client.close();
			}
		}

		private static Duration min(Duration a, Duration b) {
			return a.compareTo(b) <= 0 ? a : b;
		}

		private static Duration max(Duration a, Duration b) {
			return a.compareTo(b) >= 0 ? a : b;
		}

	}

}
