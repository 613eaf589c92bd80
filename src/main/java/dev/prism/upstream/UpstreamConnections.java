package dev.prism.upstream;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.cache.Cache;
import javax.cache.CacheManager;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.ExpiryPolicyBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.ehcache.jsr107.Eh107Configuration;
import org.jspecify.annotations.Nullable;

import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import dev.prism.platform.request.RequestContext;

/** The connection pools, guards and caches, one per service, closed with the application context. */
class UpstreamConnections implements AutoCloseable {

	private static final Duration MINIMUM_POOL_WAIT = Duration.ofMillis(1);


	private final UpstreamProperties properties;

	private final RestClient.Builder builder;

	private final CircuitBreakerRegistry breakers;

	private final BulkheadRegistry bulkheads;

	private final CacheManager caches;

	private final MeterRegistry meters;

	private final String observationName;

	/** What caches and circuit breakers tell time by. */
	private final Clock clock;

	private final Map<String, PoolingHttpClientConnectionManager> pools = new ConcurrentHashMap<>();

	/** The timer wheel that ends every service's calls and fan-out branches on time. */
	private final UpstreamTimeouts timeouts = new UpstreamTimeouts();

	private final Map<String, CloseableHttpClient> clients = new ConcurrentHashMap<>();

	private final Map<String, ServiceGuard> guards = new ConcurrentHashMap<>();

	private final Map<String, Cache<CacheKey, StaleIfErrorCache.Entry>> readCaches = new ConcurrentHashMap<>();

	/** Tokens from identity providers, when a service's credential needs them. */
	private @Nullable IdentityTokens identityTokens;

	UpstreamConnections(UpstreamProperties properties, RestClient.Builder builder, CircuitBreakerRegistry breakers,
			BulkheadRegistry bulkheads, CacheManager caches, MeterRegistry meters, String observationName) {
		this(properties, builder, breakers, bulkheads, caches, meters, observationName, Clock.systemUTC());
	}

	/** With the clock that caches and circuit breakers tell time by (tests move one by hand). */
	UpstreamConnections(UpstreamProperties properties, RestClient.Builder builder, CircuitBreakerRegistry breakers,
			BulkheadRegistry bulkheads, CacheManager caches, MeterRegistry meters, String observationName,
			Clock clock) {
		this.properties = properties;
		this.builder = builder;
		this.breakers = breakers;
		this.bulkheads = bulkheads;
		this.caches = caches;
		this.meters = meters;
		this.observationName = observationName;
		this.clock = clock;
	}

	/** Where the services' {@code client-credentials} and {@code token-exchange} tokens come from. */
	void identityTokens(IdentityTokens tokens) {
		this.identityTokens = tokens;
	}

	/**
	 * The reads of {@code name}: cached when its {@code cache.ttl} is positive — on an Ehcache cache of
	 * {@code cache.max-entries}, whose entries go once they are past stale-if-error too — passed through otherwise,
	 * and when the service sees the caller's identity, unless {@code cache.shared} lets callers share answers.
	 */
	UpstreamCache cache(String name) {
		UpstreamProperties.Service service = this.properties.service(name);
		UpstreamProperties.Cache cache = service.cache();
		if (!cache.enabled() || (service.authMode().followsCaller() && !cache.shared())) {
			return UpstreamCache.passThrough();
		}
		return new StaleIfErrorCache(name, this.readCaches.computeIfAbsent(name, key -> this.caches.createCache(key,
				Eh107Configuration.fromEhcacheCacheConfiguration(CacheConfigurationBuilder
					.newCacheConfigurationBuilder(CacheKey.class, StaleIfErrorCache.Entry.class,
							ResourcePoolsBuilder.heap(cache.maxEntries()))
					.withExpiry(ExpiryPolicyBuilder.timeToLiveExpiration(cache.ttl().plus(cache.staleIfError())))
					.build()))), cache, this.meters, this.clock);
	}

	ServiceGuard guard(String name) {
		return this.guards.computeIfAbsent(name, this::newGuard);
	}

	private ServiceGuard newGuard(String name) {
		UpstreamProperties.Service service = this.properties.service(name);
		CircuitBreaker breaker = this.breakers.circuitBreaker(name, CircuitBreakerConfig.custom()
			.failureRateThreshold(service.breaker().failureRateThreshold())
			.slidingWindowSize(service.breaker().slidingWindowSize())
			.minimumNumberOfCalls(service.breaker().minimumCalls())
			.waitDurationInOpenState(service.breaker().waitInOpenState())
			.permittedNumberOfCallsInHalfOpenState(service.breaker().halfOpenCalls())
			.automaticTransitionFromOpenToHalfOpenEnabled(false)
			.recordExceptions(UpstreamUnavailableException.class, UpstreamTimeoutException.class,
					UpstreamMalformedResponseException.class)
			.ignoreExceptions(UpstreamNotFoundException.class, UpstreamRejectedException.class)
			.clock(this.clock)
			.build());
		Bulkhead bulkhead = this.bulkheads.bulkhead(name, BulkheadConfig.custom()
			.maxConcurrentCalls(service.bulkhead().maxConcurrentCalls())
			.maxWaitDuration(service.bulkhead().maxWait())
			.build());
		return new ServiceGuard(name, service, bulkhead, breaker, this.meters, this.clock);
	}

	UpstreamHttp http(String name) {
		UpstreamProperties.Service service = this.properties.service(name);
		PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
			.setMaxConnTotal(service.maxConnections())
			.setMaxConnPerRoute(service.maxConnectionsPerRoute())
			.setDefaultConnectionConfig(ConnectionConfig.custom()
				.setConnectTimeout(Timeout.of(service.connectTimeout()))
				// No read timeout: a blocking read with one is a timed park of its virtual thread; the exchange's
				// time (read-timeout, never past the deadline) is kept by the timer wheel instead (UpstreamTimeouts).
				.setSocketTimeout(Timeout.DISABLED)
				.setTimeToLive(TimeValue.ofMinutes(5))
				.setValidateAfterInactivity(TimeValue.ofSeconds(2))
				.build())
			.build();
		// Internal JSON APIs: spring-retry retries, nothing redirects (a redirect followed would carry the
		// service token elsewhere), nothing is compressed on the wire and no connection carries auth state;
		// each of these disabled is one element fewer in HttpClient's chain on every call.
		CloseableHttpClient client = HttpClients.custom()
			.setConnectionManager(pool)
			.disableAutomaticRetries()
			.disableRedirectHandling()
			.disableContentCompression()
			.disableCookieManagement()
			.disableAuthCaching()
			.disableConnectionState()
			.evictIdleConnections(TimeValue.ofSeconds(30))
			.build();
		this.pools.put(name, pool);
		this.clients.put(name, client);
		registerPoolGauges(name, pool, this.meters);
		HttpComponentsClientHttpRequestFactory requestFactory = new HttpComponentsClientHttpRequestFactory(client) {

			@Override
			protected void postProcessHttpRequest(ClassicHttpRequest request) {
				// The exchange's time is kept by the timer wheel (UpstreamTimeouts), not by a socket read timeout.
				UpstreamTimeouts.watch(request);
			}

		};
		requestFactory.setHttpContextFactory((method, uri) -> {
			// Waiting for a pooled connection never takes longer than connecting may, nor past the request's deadline.
			Duration timeout = min(service.readTimeout(), RequestContext.current().deadline().remaining());
			HttpClientContext context = HttpClientContext.create();
			context.setRequestConfig(RequestConfig.custom()
				.setResponseTimeout(Timeout.DISABLED)
				.setConnectionRequestTimeout(
						Timeout.of(max(min(service.connectTimeout(), timeout), MINIMUM_POOL_WAIT)))
				.build());
			return context;
		});
		// Headers are set when the request is built, on the calling thread, instead of by an interceptor: an
		// interceptor would make every request buffered and copied once more before it is sent.
		RestClient rest = this.builder.clone()
			.baseUrl(service.baseUrl().toString())
			.requestFactory(requestFactory)
			.defaultHeaders(headers -> {
				String token = service.token();
				if (service.authMode() == UpstreamProperties.AuthMode.STATIC && token != null && !token.isBlank()) {
					headers.setBearerAuth(token);
				}
			})
			// W3C traceparent is set by Micrometer Tracing's client observation; the correlation id by us.
			.defaultRequest(request -> request.header("X-Request-Id", RequestContext.current().requestId()))
			.observationConvention(new ServiceObservationConvention(this.observationName, service.baseUrl()))
			.build();
		return new UpstreamHttp(name, service.baseUrl().toString(), rest, guard(name), credential(name, service),
				service.readTimeout(), this.timeouts);
	}

	/** The per-call credential of a service whose token depends on the call; {@code null} for none and static. */
	private @Nullable UpstreamCredential credential(String name, UpstreamProperties.Service service) {
		UpstreamProperties.Auth auth = service.auth();
		return switch (service.authMode()) {
			case NONE, STATIC -> null;
			case CLIENT_CREDENTIALS -> UpstreamCredential.serviceIdentity(name, tokens(name),
					required(name, "registration-id", auth.registrationId()));
			case USER -> UpstreamCredential.caller(name, withoutCaller(name, auth));
			case TOKEN_EXCHANGE -> UpstreamCredential.exchanged(name, tokens(name),
					required(name, "registration-id", auth.registrationId()), auth.audience(),
					withoutCaller(name, auth));
		};
	}

	private @Nullable UpstreamCredential withoutCaller(String name, UpstreamProperties.Auth auth) {
		String registrationId = auth.serviceRegistrationId();
		return registrationId != null && !registrationId.isBlank()
				? UpstreamCredential.serviceIdentity(name, tokens(name), registrationId) : null;
	}

	private IdentityTokens tokens(String name) {
		if (this.identityTokens == null) {
			throw new IllegalStateException("prism.upstreams." + name + ".auth needs an OAuth2 client registration "
					+ "(spring.security.oauth2.client.registration.*), and none is configured");
		}
		return this.identityTokens;
	}

	private static String required(String name, String key, @Nullable String value) {
		if (value == null || value.isBlank()) {
			throw new IllegalStateException("prism.upstreams." + name + ".auth." + key + " is required by its mode");
		}
		return value;
	}

	static void registerPoolGauges(String name, PoolingHttpClientConnectionManager pool, MeterRegistry meters) {
		Gauge.builder("prism.upstream.pool.connections", pool, p -> p.getTotalStats().getLeased())
			.tags("service", name, "state", "leased")
			.register(meters);
		Gauge.builder("prism.upstream.pool.connections", pool, p -> p.getTotalStats().getAvailable())
			.tags("service", name, "state", "available")
			.register(meters);
		Gauge.builder("prism.upstream.pool.connections", pool, p -> p.getTotalStats().getPending())
			.tags("service", name, "state", "pending")
			.register(meters);
		Gauge.builder("prism.upstream.pool.connections", pool, p -> p.getTotalStats().getMax())
			.tags("service", name, "state", "max")
			.register(meters);
	}

	Map<String, PoolingHttpClientConnectionManager> pools() {
		return this.pools;
	}

	UpstreamTimeouts timeouts() {
		return this.timeouts;
	}

	@Override
	public void close() throws Exception {
		for (CloseableHttpClient client : this.clients.values()) {
			client.close();
		}
		this.timeouts.close();
	}

	private static Duration min(Duration a, Duration b) {
		return a.compareTo(b) <= 0 ? a : b;
	}

	private static Duration max(Duration a, Duration b) {
		return a.compareTo(b) >= 0 ? a : b;
	}

}
