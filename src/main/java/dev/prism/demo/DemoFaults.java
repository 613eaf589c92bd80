package dev.prism.demo;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Faults injected per demo service, for fault drills: extra latency, a random error rate, or a mode — {@code down}
 * (503 problem), {@code slow} (answers late), {@code garbage} (200 with a body that is not JSON), {@code reset} (the
 * connection closes without an answer) or {@code lose_response_once} (the work is done, then the connection closes
 * without an answer, once).
 */
public final class DemoFaults {

	/** What a service does when called. */
	public enum Mode {

		/** Answers normally (after the fault's latency; {@code errorRate} of the calls get a 503). */
		OK,

		/** Answers every call with a 503 problem. */
		DOWN,

		/** Answers normally after the fault's latency, {@link Fault#DEFAULT_SLOW} when it sets none. */
		SLOW,

		/** Answers 200 with {@code Content-Type: application/json} and a body that is not JSON. */
		GARBAGE,

		/** Closes the connection without writing a status line; the client sees a premature end of stream. */
		RESET,

		/** Process the request (an order is committed), then drop the connection without answering — once. */
		LOSE_RESPONSE_ONCE,

		/** Like {@link #LOSE_RESPONSE_ONCE}, for the share {@code errorRate} of the calls. */
		LOSE_RESPONSE;

		/** Parses {@code down}, {@code DOWN}, {@code lose-response-once} and the like. */
		public static Mode parse(String value) {
			return valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
		}

	}

	/**
	 * One service's fault, also bound from {@code prism.demo.faults.<service>.*}.
	 *
	 * @param mode how it answers
	 * @param latency extra delay before answering
	 * @param errorRate share of calls (0 to 1) answered with 503 in modes {@code ok} and {@code slow}, or whose
	 * answer is lost in mode {@code lose_response}
	 */
	public record Fault(Mode mode, Duration latency, double errorRate) {

		public static final Fault NONE = new Fault(Mode.OK, Duration.ZERO, 0);

		/** How late {@link Mode#SLOW} answers when the fault sets no latency: past every default read timeout. */
		public static final Duration DEFAULT_SLOW = Duration.ofSeconds(5);

		public Fault {
			mode = mode == null ? Mode.OK : mode;
			latency = latency == null ? Duration.ZERO : latency;
			if (latency.isNegative()) {
				throw new IllegalArgumentException("latency must not be negative");
			}
			if (errorRate < 0 || errorRate > 1) {
				throw new IllegalArgumentException("errorRate must be between 0 and 1");
			}
		}

		public static Fault down() {
			return new Fault(Mode.DOWN, Duration.ZERO, 0);
		}

		public static Fault slow(Duration latency) {
			return new Fault(Mode.SLOW, latency, 0);
		}

		public static Fault of(Mode mode) {
			return new Fault(mode, Duration.ZERO, 0);
		}

		/** The delay this fault adds to a call. */
		Duration delay() {
			return this.mode == Mode.SLOW && this.latency.isZero() ? DEFAULT_SLOW : this.latency;
		}

	}

	private final Map<String, Fault> faults = new ConcurrentHashMap<>();

	Fault of(String service) {
		return this.faults.getOrDefault(service, Fault.NONE);
	}

	/** The faults in force, by service. */
	Map<String, Fault> all() {
		return new TreeMap<>(this.faults);
	}

	void set(String service, Fault fault) {
		this.faults.put(service, fault);
	}

	void clear() {
		this.faults.clear();
	}

}
