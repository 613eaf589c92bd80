package dev.prism.demo;

import java.time.Duration;
import java.util.Map;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.env.Environment;

/**
 * The demo upstreams' settings ({@code prism.demo.*}), read by the embedded and the standalone mode alike.
 *
 * @param upstreams whether Prism embeds the demo upstreams
 * @param latency delay added to every call of every service
 * @param faults faults in force from the start, by service name ({@code prism.demo.faults.pricing.mode=down})
 */
@ConfigurationProperties("prism.demo")
record DemoProperties(@DefaultValue Upstreams upstreams, @DefaultValue("0ms") Duration latency,
		Map<String, DemoFaults.Fault> faults) {

	DemoProperties {
		faults = faults == null ? Map.of() : Map.copyOf(faults);
		TreeSet<String> unknown = new TreeSet<>(faults.keySet());
		unknown.removeAll(DemoUpstreams.SERVICES);
		if (!unknown.isEmpty()) {
			throw new IllegalArgumentException(
					"prism.demo.faults names unknown services " + unknown + "; known: " + DemoUpstreams.SERVICES);
		}
		if (latency.isNegative()) {
			throw new IllegalArgumentException("prism.demo.latency must not be negative");
		}
	}

	/**
	 * The embedded mode.
	 *
	 * @param enabled start the demo upstreams with Prism and point every {@code prism.upstreams.<name>.base-url}
	 * that configuration leaves unset at them
	 * @param tokenIssuer when set, the customers and orders services require a bearer token of this OpenID provider
	 * meant for them, and a user's token opens only that user's customer account ({@link DemoTokenCheck}); set by
	 * the demo OpenID provider when it is on
	 */
	record Upstreams(@DefaultValue("false") boolean enabled, @Nullable String tokenIssuer) {
	}

	/** Binds {@code prism.demo.*} from an environment, outside any application context. */
	static DemoProperties bind(Environment environment) {
		return Binder.get(environment).bindOrCreate("prism.demo", DemoProperties.class);
	}

}
