package dev.prism.upstream;

import java.util.Map;
import java.util.TreeMap;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Shows each domain service's circuit state in the health details (admin only). Always UP, and not part of the
 * readiness group: an upstream outage degrades answers, it must not take every Prism instance out of the load balancer.
 */
@Component("upstreams")
class UpstreamHealthIndicator implements HealthIndicator {

	private final CircuitBreakerRegistry breakers;

	UpstreamHealthIndicator(CircuitBreakerRegistry breakers) {
		this.breakers = breakers;
	}

	@Override
	public Health health() {
		Map<String, Object> circuits = new TreeMap<>();
		for (CircuitBreaker breaker : this.breakers.getAllCircuitBreakers()) {
			circuits.put(breaker.getName(), Map.of("state", breaker.getState().name(), "failureRate",
					breaker.getMetrics().getFailureRate()));
		}
		return Health.up().withDetail("circuits", circuits).build();
	}

}
