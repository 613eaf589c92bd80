package dev.prism.demo;

import java.time.Duration;
import java.util.Locale;

import org.springframework.boot.convert.DurationStyle;

/**
 * Standalone mode: only the demo upstreams, on their own port, for benchmarks and fault drills.
 * <pre>
 * ./mvnw -q compile spring-boot:run -Dspring-boot.run.main-class=dev.prism.demo.DemoUpstreamsApplication \
 *     -Dspring-boot.run.arguments="--port=9000 --latency=20ms"
 * java -cp target/prism-*.jar -Dloader.main=dev.prism.demo.DemoUpstreamsApplication \
 *     org.springframework.boot.loader.launch.PropertiesLauncher --port=9000 --latency=20ms
 * </pre>
 * Options: {@code --host} (default 127.0.0.1), {@code --port} (9000), {@code --latency} (0), and per service
 * {@code --fault.<service>=down|garbage|reset|<latency>}. Faults can be changed at run time:
 * {@code PUT /__admin/faults/{service}} with {@code {"mode":"down","latencyMs":0,"errorRate":0.5}},
 * {@code DELETE /__admin/faults}; {@code GET /__admin/stats} counts created orders.
 */
public final class DemoUpstreamsApplication {

	private DemoUpstreamsApplication() {
	}

	public static void main(String[] args) throws InterruptedException {
		String host = "127.0.0.1";
		int port = 9000;
		Duration latency = Duration.ZERO;
		java.util.Map<String, DemoFaults.Fault> faults = new java.util.LinkedHashMap<>();
		for (String arg : args) {
			String[] pair = arg.replaceFirst("^--", "").split("=", 2);
			String value = pair.length > 1 ? pair[1] : "";
			switch (pair[0]) {
				case "host" -> host = value;
				case "port" -> port = Integer.parseInt(value);
				case "latency" -> latency = DurationStyle.detectAndParse(value);
				default -> {
					if (pair[0].startsWith("fault.")) {
						faults.put(pair[0].substring("fault.".length()), fault(value));
					}
					else {
						throw new IllegalArgumentException("Unknown option " + arg);
					}
				}
			}
		}
		DemoUpstreams upstreams = DemoUpstreams.start(host, port, latency);
		faults.forEach(upstreams::fault);
		Runtime.getRuntime().addShutdownHook(new Thread(upstreams::close));
		System.out.printf("Demo upstreams on http://%s:%d/{%s} (latency %s)%n", host, upstreams.port(),
				String.join(",", DemoUpstreams.SERVICES), latency);
		Thread.currentThread().join();
	}

	private static DemoFaults.Fault fault(String value) {
		return switch (value.toLowerCase(Locale.ROOT)) {
			case "down" -> DemoFaults.Fault.down();
			case "garbage" -> new DemoFaults.Fault(DemoFaults.Mode.GARBAGE, Duration.ZERO, 0);
			case "reset" -> new DemoFaults.Fault(DemoFaults.Mode.RESET, Duration.ZERO, 0);
			default -> DemoFaults.Fault.slow(DurationStyle.detectAndParse(value));
		};
	}

}
