package dev.prism.upstream;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

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
	 * @param token optional bearer token Prism sends to this service
	 * @param maxConnections connection pool size
	 * @param maxConnectionsPerRoute per-route pool limit (the library's default of 5 throttles fan-out)
	 */
	record Service(@NotNull URI baseUrl, @DefaultValue("500ms") Duration connectTimeout,
			@DefaultValue("2s") Duration readTimeout, String token, @DefaultValue("256") @Min(1) int maxConnections,
			@DefaultValue("128") @Min(1) int maxConnectionsPerRoute) {
	}

}
