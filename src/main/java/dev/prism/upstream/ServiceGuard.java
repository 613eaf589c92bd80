package dev.prism.upstream;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.retry.RetryContext;
import org.springframework.retry.backoff.ExponentialRandomBackOffPolicy;
import org.springframework.retry.backoff.Sleeper;
import org.springframework.retry.policy.SimpleRetryPolicy;
import org.springframework.retry.support.RetryTemplate;

import dev.prism.platform.problem.ProblemException;
import dev.prism.platform.request.RequestContext;

/**
 * Everything between a client call and the wire for one service, outermost first: a bulkhead (bounded concurrent
 * calls, fail fast when full), spring-retry (transient failures only, exponential backoff with jitter, never past the
 * request's deadline), a circuit breaker (fail fast while the service is known to be down; 4xx never count), and
 * metrics for each attempt. See ADR 0002.
 */
class ServiceGuard {

	/** Time an attempt needs at least; a retry is not started with less left before the deadline. */
	static final Duration MINIMUM_ATTEMPT = Duration.ofMillis(20);

	private final String service;

	private final Bulkhead bulkhead;

	private final CircuitBreaker breaker;

	private final RetryTemplate retry;

	private final ExponentialRandomBackOffPolicy backOff;

	private final Duration waitInOpenState;

	/** The clock the circuit breaker waits on, too. */
	private final Clock clock;

	/** When the circuit last opened, for the remaining wait a client is told. */
	private volatile Instant openedAt;

	private final MeterRegistry meters;

	private final Counter retries;

	ServiceGuard(String service, UpstreamProperties.Service properties, Bulkhead bulkhead, CircuitBreaker breaker,
			MeterRegistry meters, Clock clock) {
		this.service = service;
		this.bulkhead = bulkhead;
		this.breaker = breaker;
		this.waitInOpenState = properties.breaker().waitInOpenState();
		this.clock = clock;
		this.openedAt = clock.instant();
		this.breaker.getEventPublisher().onStateTransition(event -> {
			if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
				this.openedAt = clock.instant();
			}
		});
		this.meters = meters;
		this.retries = Counter.builder("prism.upstream.retries")
			.description("Retries of transient upstream failures")
			.tag("service", service)
			.register(meters);
		ExponentialRandomBackOffPolicy backOff = new ExponentialRandomBackOffPolicy();
		this.backOff = backOff;
		backOff.setInitialInterval(properties.retry().initialBackoff().toMillis());
		backOff.setMultiplier(properties.retry().multiplier());
		backOff.setMaxInterval(properties.retry().maxBackoff().toMillis());
		this.retry = RetryTemplate.builder()
			.customPolicy(new DeadlineBoundRetryPolicy(properties.retry()))
			.customBackoff(backOff)
			.build();
	}

	String service() {
		return this.service;
	}

	CircuitBreaker breaker() {
		return this.breaker;
	}

	/** Replaces how the backoff between retries sleeps (tests record the waits). */
	void sleeper(Sleeper sleeper) {
		this.backOff.setSleeper(sleeper);
	}

	/** Runs {@code attempt} under the bulkhead, retrying transient failures through the circuit breaker. */
	<T> T call(String operation, Supplier<T> attempt) {
		try {
			return this.bulkhead.executeSupplier(() -> this.retry.execute((RetryContext context) -> {
				if (context.getRetryCount() > 0) {
					this.retries.increment();
				}
				return attempt(operation, attempt);
			}));
		}
		catch (BulkheadFullException ex) {
			record(operation, "bulkhead_full", 0);
			throw new UpstreamUnavailableException(this.service, Duration.ofSeconds(1), ex);
		}
	}

	/**
	 * Fails now, exactly as {@link #call} fails a call its open circuit does not let through, when the circuit breaker
	 * would not let a call through: for what a call does before it is guarded — obtaining its token, which may ask an
	 * identity provider — and would do in vain. A permission it acquires (a half-open circuit's probe) is released
	 * again, for the guarded call to take.
	 */
	void failFastWhileOpen(String operation) {
		if (this.breaker.tryAcquirePermission()) {
			this.breaker.releasePermission();
			return;
		}
		record(operation, "circuit_open", 0);
		throw new UpstreamUnavailableException(this.service, remainingOpenWait(),
				CallNotPermittedException.createCallNotPermittedException(this.breaker));
	}

	private <T> T attempt(String operation, Supplier<T> attempt) {
		long started = System.nanoTime();
		try {
			T result = this.breaker.executeSupplier(attempt);
			record(operation, "success", System.nanoTime() - started);
			return result;
		}
		catch (CallNotPermittedException ex) {
			record(operation, "circuit_open", 0);
			throw new UpstreamUnavailableException(this.service, remainingOpenWait(), ex);
		}
		catch (ProblemException ex) {
			record(operation, outcome(ex), System.nanoTime() - started);
			throw ex;
		}
	}

	/** The time until the open circuit lets a probe through, in whole seconds rounded up (at least one). */
	Duration remainingOpenWait() {
		long left = this.waitInOpenState.minus(Duration.between(this.openedAt, this.clock.instant())).toNanos();
		return Duration.ofSeconds(Math.max(1, (left + 999_999_999L) / 1_000_000_000L));
	}

	private final Map<String, Timer> timers = new java.util.concurrent.ConcurrentHashMap<>();

	private void record(String operation, String outcome, long nanos) {
		this.timers.computeIfAbsent(operation + '/' + outcome, key -> Timer.builder("prism.upstream.requests")
			.description("Calls to domain services, one per attempt")
			.tags("service", this.service, "operation", operation, "outcome", outcome)
			.register(this.meters)).record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
	}

	private static String outcome(ProblemException ex) {
		if (ex instanceof UpstreamTimeoutException) {
			return "timeout";
		}
		if (ex instanceof UpstreamNotFoundException) {
			return "not_found";
		}
		if (ex instanceof UpstreamRejectedException) {
			return "rejected";
		}
		if (ex instanceof UpstreamMalformedResponseException) {
			return "malformed";
		}
		return "unavailable";
	}

	/** Retries transient failures only, and only while the request's deadline leaves time for another attempt. */
	static final class DeadlineBoundRetryPolicy extends SimpleRetryPolicy {

		private final UpstreamProperties.Retry retry;

		DeadlineBoundRetryPolicy(UpstreamProperties.Retry retry) {
			super(retry.maxAttempts(), Map.of(TransientUpstreamException.class, true,
					UpstreamTimeoutException.class, true), false);
			this.retry = retry;
		}

		@Override
		public boolean canRetry(RetryContext context) {
			if (!super.canRetry(context)) {
				return false;
			}
			if (context.getRetryCount() == 0) {
				return true;
			}
			// The longest backoff ExponentialRandomBackOffPolicy may sleep before this retry: base * multiplier, capped.
			double base = this.retry.initialBackoff().toMillis()
					* Math.pow(this.retry.multiplier(), context.getRetryCount() - 1);
			double longest = Math.min(this.retry.maxBackoff().toMillis(), base * Math.max(1, this.retry.multiplier()));
			long needed = (long) Math.ceil(longest) + MINIMUM_ATTEMPT.toMillis();
			return RequestContext.current().deadline().remaining().toMillis() > needed;
		}

	}

}
