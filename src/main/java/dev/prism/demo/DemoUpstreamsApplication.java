package dev.prism.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Standalone mode: only the demo upstreams, on their own port, for benchmarks and fault drills; the README's "Demo
 * upstreams alone" gives the commands, settings and the fault admin API.
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
