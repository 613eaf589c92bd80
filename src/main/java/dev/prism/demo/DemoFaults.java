package dev.prism.demo;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Faults injected per demo service, for fault drills: extra latency, a random error rate, or a mode — {@code down}
 * (503 problem), {@code garbage} (200 with a body that is not JSON), {@code reset} (the connection closes without an
 * answer) or {@code lose_response_once} (the work is done, then the connection closes without an answer, once).
 */
public final class DemoFaults {

	/** What a service does when called. */
	public enum Mode {

		OK, DOWN, GARBAGE, RESET,

		/** Process the request (an order is committed), then drop the connection without answering — once. */
		LOSE_RESPONSE_ONCE,

		/** Like {@link #LOSE_RESPONSE_ONCE}, for the share {@code errorRate} of the calls. */
		LOSE_RESPONSE

	}

	/**
	 * One service's fault.
	 *
	 * @param mode how it answers
	 * @param latency extra delay before answering
	 * @param errorRate share of calls (0 to 1) answered with 503
	 */
	public record Fault(Mode mode, Duration latency, double errorRate) {

		public static final Fault NONE = new Fault(Mode.OK, Duration.ZERO, 0);

		public Fault {
			mode = mode == null ? Mode.OK : mode;
			latency = latency == null ? Duration.ZERO : latency;
			if (errorRate < 0 || errorRate > 1) {
				throw new IllegalArgumentException("errorRate must be between 0 and 1");
			}
		}

		public static Fault down() {
			return new Fault(Mode.DOWN, Duration.ZERO, 0);
		}

		public static Fault slow(Duration latency) {
			return new Fault(Mode.OK, latency, 0);
		}

	}

	private final Map<String, Fault> faults = new ConcurrentHashMap<>();

	Fault of(String service) {
		return this.faults.getOrDefault(service, Fault.NONE);
	}

	void set(String service, Fault fault) {
		this.faults.put(service, fault);
	}

	void clear() {
		this.faults.clear();
	}

}
