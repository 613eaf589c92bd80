package dev.prism.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Standalone mode: only the demo upstreams, on their own port, for benchmarks and fault drills.
 * <pre>
 * ./mvnw -q compile spring-boot:run -Dspring-boot.run.main-class=dev.prism.demo.DemoUpstreamsApplication \
 *     -Dspring-boot.run.arguments="--server.port=9000 --prism.demo.latency=20ms"
 * java -cp target/prism-*.jar -Dloader.main=dev.prism.demo.DemoUpstreamsApplication \
 *     org.springframework.boot.loader.launch.PropertiesLauncher --server.port=9000 --prism.demo.latency=20ms
 * </pre>
 * Settings come from {@code --name=value} arguments, system properties and the environment ({@code PRISM_DEMO_LATENCY}):
 * {@code server.address} (default 127.0.0.1), {@code server.port} (9000, 0 picks a free one), {@code prism.demo.latency}
 * and {@code prism.demo.faults.<service>.mode|latency|error-rate}. Short forms: {@code --host}, {@code --port},
 * {@code --latency} and {@code --fault.<service>=down|slow|garbage|reset|<latency>}. Faults can be changed at run time:
 * {@code PUT /__admin/faults/{service}} with {@code {"mode":"down","latency":"200ms","errorRate":0.5}},
 * {@code GET} and {@code DELETE /__admin/faults}; {@code GET /__admin/stats} counts created orders.
 */
public final class DemoUpstreamsApplication {

	private DemoUpstreamsApplication() {
	}

	public static void main(String[] args) throws InterruptedException {
		DemoUpstreams upstreams = start(args);
		Runtime.getRuntime().addShutdownHook(new Thread(upstreams::close));
		Thread.currentThread().join();
	}

	/** Starts the demo upstreams as the arguments say; the caller closes them. */
	static DemoUpstreams start(String... args) {
		StandardEnvironment environment = new StandardEnvironment();
		SimpleCommandLinePropertySource arguments = new SimpleCommandLinePropertySource(expandShortForms(args));
		environment.getPropertySources().addFirst(arguments);
		DemoProperties properties = DemoProperties.bind(environment);
		String host = environment.getProperty("server.address", "127.0.0.1");
		int port = environment.getProperty("server.port", Integer.class, 9000);
		DemoUpstreams upstreams = DemoUpstreams.start(host, port, properties);
		System.out.printf("Demo upstreams on http://%s:%d/{%s} (latency %s, faults %s)%n", host, upstreams.port(),
				String.join(",", DemoUpstreams.SERVICES), properties.latency(), properties.faults());
		return upstreams;
	}

	/** Rewrites {@code --port}, {@code --host}, {@code --latency} and {@code --fault.<service>=...} to full keys. */
	private static String[] expandShortForms(String[] args) {
		List<String> expanded = new ArrayList<>();
		for (String arg : args) {
			if (!arg.startsWith("--")) {
				throw new IllegalArgumentException("Options look like --server.port=9000, not " + arg);
			}
			String[] pair = arg.split("=", 2);
			String value = pair.length > 1 ? pair[1] : "";
			switch (pair[0]) {
				case "--host" -> expanded.add("--server.address=" + value);
				case "--port" -> expanded.add("--server.port=" + value);
				case "--latency" -> expanded.add("--prism.demo.latency=" + value);
				default -> {
					if (pair[0].startsWith("--fault.")) {
						String prefix = "--prism.demo.faults." + pair[0].substring("--fault.".length());
						boolean mode = List.of("ok", "down", "slow", "garbage", "reset")
							.contains(value.toLowerCase(Locale.ROOT));
						expanded.add(prefix + (mode ? ".mode=" : ".latency=") + value);
					}
					else {
						expanded.add(arg);
					}
				}
			}
		}
		return expanded.toArray(String[]::new);
	}

}
