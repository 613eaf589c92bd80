package dev.prism.upstream;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where each domain service lives and how Prism talks to it ({@code prism.upstreams.<name>.*}).
 */
@ConfigurationProperties("prism.upstreams")
@Validated
record UpstreamProperties(@Valid @NotNull Service catalog, @Valid @NotNull Service pricing,
		@Valid @NotNull Service inventory, @Valid @NotNull Service reviews, @Valid @NotNull Service recommendations,
		@Valid @NotNull Service customers, @Valid @NotNull Service orders) {

	/** The services by name, in contract order. */
	/** The settings of the service called {@code name}, one of the seven. */
	Service service(String name) {
		Service service = byName().get(name);
		if (service == null) {
			throw new IllegalArgumentException("No upstream service is called " + name);
		}
		return service;
	}

	Map<String, Service> byName() {
		Map<String, Service> services = new LinkedHashMap<>();
		services.put("catalog", this.catalog);
		services.put("pricing", this.pricing);
		services.put("inventory", this.inventory);
		services.put("reviews", this.reviews);
		services.put("recommendations", this.recommendations);
		services.put("customers", this.customers);
		services.put("orders", this.orders);
		return services;
	}

	/**
	 * One domain service.
	 *
	 * @param baseUrl where the service lives; may carry a path ({@code http://host:9000/catalog})
	 * @param connectTimeout how long to wait for a TCP connection
	 * @param readTimeout how long to wait for a response (never past the request's deadline)
	 * @param token the fixed bearer token Prism sends to this service in {@code auth.mode: static}
	 * @param maxConnections connection pool size
	 * @param maxConnectionsPerRoute per-route pool limit (the library's default of 5 throttles fan-out)
	 * @param auth which credential the service sees
	 */
	record Service(@NotNull URI baseUrl, @DefaultValue("500ms") Duration connectTimeout,
			@DefaultValue("2s") Duration readTimeout, @Nullable String token,
			@DefaultValue("256") @Min(1) int maxConnections, @DefaultValue("128") @Min(1) int maxConnectionsPerRoute,
			@DefaultValue @Valid Retry retry, @DefaultValue @Valid Breaker breaker,
			@DefaultValue @Valid Bulkhead bulkhead, @DefaultValue @Valid Cache cache, @DefaultValue Auth auth) {

		/** The configured mode, else {@code static} when a token is set, else {@code none}. */
		AuthMode authMode() {
			if (this.auth.mode() != null) {
				return this.auth.mode();
			}
			return this.token != null && !this.token.isBlank() ? AuthMode.STATIC : AuthMode.NONE;
		}

	}

	/**
	 * The credential a service sees ({@code prism.upstreams.<name>.auth.*}).
	 *
	 * @param mode {@code none}, {@code static}, {@code client-credentials}, {@code user} or {@code token-exchange};
	 * by default {@code static} when {@code token} is set, else {@code none}
	 * @param registrationId the Spring Security OAuth2 client registration of {@code client-credentials} (Prism's
	 * own identity) or of {@code token-exchange} (where the caller's token is exchanged)
	 * @param audience the audience asked for in {@code token-exchange}
	 * @param serviceRegistrationId a {@code client_credentials} registration whose identity {@code user} and
	 * {@code token-exchange} calls without a user carry; unset, such calls fail before sending
	 */
	record Auth(@Nullable AuthMode mode, @Nullable String registrationId, @Nullable String audience,
			@Nullable String serviceRegistrationId) {
	}

	/** Which credential a service sees. */
	enum AuthMode {

		/** No {@code Authorization} header. */
		NONE,
		/** The fixed bearer token {@code prism.upstreams.<name>.token}. */
		STATIC,
		/** Prism's own identity, from a client-credentials grant. */
		CLIENT_CREDENTIALS,
		/** The caller's own token, relayed. */
		USER,
		/** The caller's token exchanged (RFC 8693) for one with this service's audience. */
		TOKEN_EXCHANGE;

		/** Whether the caller's token decides what the service sees. */
		boolean followsCaller() {
			return this == USER || this == TOKEN_EXCHANGE;
		}

	}

	/**
	 * Retries of transient failures (connect errors, resets, timeouts, 502/503/504), never past the deadline.
	 *
	 * @param maxAttempts attempts in all, the first included
	 * @param initialBackoff wait before the first retry
	 * @param multiplier growth of the wait per retry
	 * @param maxBackoff the longest wait
	 */
	record Retry(@DefaultValue("3") @Min(1) int maxAttempts, @DefaultValue("25ms") Duration initialBackoff,
			@DefaultValue("2") double multiplier, @DefaultValue("250ms") Duration maxBackoff) {
	}

	/**
	 * The circuit breaker: opens when too many recent calls failed, probes with a few calls when half open.
	 *
	 * @param failureRateThreshold percentage of failed calls that opens the circuit
	 * @param slidingWindowSize how many recent calls count
	 * @param minimumCalls calls needed before the rate is judged
	 * @param waitInOpenState how long the circuit stays open before probing
	 * @param halfOpenCalls probe calls in the half-open state
	 */
	record Breaker(@DefaultValue("50") @Min(1) int failureRateThreshold, @DefaultValue("20") @Min(1) int slidingWindowSize,
			@DefaultValue("10") @Min(1) int minimumCalls, @DefaultValue("10s") Duration waitInOpenState,
			@DefaultValue("3") @Min(1) int halfOpenCalls) {
	}

	/**
	 * The bulkhead: at most this many concurrent calls to the service; more fail fast.
	 *
	 * @param maxConcurrentCalls concurrent calls allowed
	 * @param maxWait how long a call may wait for a free slot
	 */
	record Bulkhead(@DefaultValue("100") @Min(1) int maxConcurrentCalls, @DefaultValue("0ms") Duration maxWait) {
	}

	/**
	 * Caching of reads.
	 *
	 * @param ttl how long an answer is fresh; zero turns caching off
	 * @param staleIfError how much longer an expired answer may stand in while the service fails
	 * @param maxEntries answers kept at most (an entry per sku for batch lookups), the least recently used going first
	 * @param shared whether a service in {@code user} or {@code token-exchange} mode may answer one caller from
	 * another's cached answer (by default such a service is not cached)
	 */
	record Cache(@DefaultValue("0s") Duration ttl, @DefaultValue("0s") Duration staleIfError,
			@DefaultValue("20000") @Min(1) long maxEntries, @DefaultValue("false") boolean shared) {

		boolean enabled() {
			return !this.ttl.isZero() && !this.ttl.isNegative();
		}

	}

}
