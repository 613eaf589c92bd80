package dev.prism.platform.request;

import java.util.HexFormat;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * What every piece of work done for one client request carries with it, on whatever thread it runs: the correlation
 * id, the channel, the deadline and the caller's token. Set by the platform's filters, read by {@code upstream}, and
 * carried to fan-out threads with {@link #wrap(Supplier)}. (The W3C trace context is Micrometer Tracing's, propagated
 * alongside.)
 *
 * @param requestId the correlation id, echoed as {@code X-Request-Id}
 * @param channel the channel serving the request ({@code web}, {@code mobile}, {@code partner}) or {@code none}
 * @param deadline the request's time budget
 * @param caller the caller's own access token ({@link CallerTokenFilter}), or {@code null} for a caller without one
 */
public record RequestContext(String requestId, String channel, Deadline deadline, @Nullable CallerToken caller) {

	/** MDC key of the correlation id. */
	public static final String MDC_REQUEST_ID = "requestId";

	/** MDC key of the channel. */
	public static final String MDC_CHANNEL = "channel";

	private static final ThreadLocal<RequestContext> CURRENT = new ThreadLocal<>();

	private static final HexFormat HEX = HexFormat.of();

	/** The context of the current thread, or a fresh background one. */
	public static RequestContext current() {
		RequestContext context = CURRENT.get();
		return context != null ? context : background();
	}

	/** A context for work not caused by a client request. */
	public static RequestContext background() {
		return new RequestContext(newRequestId(), "none", Deadline.none());
	}

	/** A context without a caller token. */
	public RequestContext(String requestId, String channel, Deadline deadline) {
		this(requestId, channel, deadline, null);
	}

	public RequestContext withChannel(String channel, Deadline deadline) {
		return new RequestContext(this.requestId, channel, deadline, this.caller);
	}

	public RequestContext withCaller(CallerToken caller) {
		return new RequestContext(this.requestId, this.channel, this.deadline, caller);
	}

	/** Makes this the current context until the returned scope is closed, which restores the previous one. */
	public Scope open() {
		RequestContext previous = CURRENT.get();
		CURRENT.set(this);
		MDC.put(MDC_REQUEST_ID, this.requestId);
		MDC.put(MDC_CHANNEL, this.channel);
		return () -> {
			if (previous == null) {
				CURRENT.remove();
				MDC.remove(MDC_REQUEST_ID);
				MDC.remove(MDC_CHANNEL);
			}
			else {
				CURRENT.set(previous);
				MDC.put(MDC_REQUEST_ID, previous.requestId);
				MDC.put(MDC_CHANNEL, previous.channel);
			}
		};
	}

	/** Wraps {@code task} so it runs with the context current at the time of wrapping. */
	public static <T> Callable<T> wrapCallable(Callable<T> task) {
		RequestContext captured = current();
		return () -> {
			try (Scope scope = captured.open()) {
				return task.call();
			}
		};
	}

	/** Wraps {@code task} so it runs with the context current at the time of wrapping. */
	public static <T> Supplier<T> wrap(Supplier<T> task) {
		RequestContext captured = current();
		return () -> {
			try (Scope scope = captured.open()) {
				return task.get();
			}
		};
	}

	/**
	 * A fresh correlation id: 96 random bits as 24 hex digits, from {@link ThreadLocalRandom}, as it is no secret
	 * (bench/README.md, tuning notes).
	 */
	public static String newRequestId() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return HEX.toHexDigits(random.nextLong()) + HEX.toHexDigits(random.nextInt());
	}

	/** Restores the previous context when closed. */
	@FunctionalInterface
	public interface Scope extends AutoCloseable {

		@Override
		void close();

	}

}
