package dev.prism.demo;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

/**
 * Embedded mode: when {@code prism.demo.upstreams.enabled=true}, every {@code prism.upstreams.<name>.base-url} that
 * configuration leaves unset points at demo upstreams started on a free loopback port. The server starts the first
 * time a base URL is resolved — after all configuration, test properties included, is in place — and stops with the
 * application context. Registered in {@code META-INF/spring.factories}; nothing in Prism refers to it.
 */
public class DemoUpstreamsInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	static final String ENABLED = "prism.demo.upstreams.enabled";

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		ConfigurableEnvironment environment = context.getEnvironment();
		EmbeddedDemoUpstreams source = new EmbeddedDemoUpstreams(environment);
		environment.getPropertySources().addLast(source);
		context.addApplicationListener(event -> {
			if (event instanceof ContextClosedEvent closed && closed.getApplicationContext() == context) {
				source.stop();
			}
		});
	}

	/** Answers the seven base URLs, starting the demo upstreams on first use. */
	static final class EmbeddedDemoUpstreams extends PropertySource<Object> {

		private static final Logger log = LoggerFactory.getLogger(EmbeddedDemoUpstreams.class);

		private static final Pattern BASE_URL = Pattern.compile("prism\\.upstreams\\.([a-z]+)\\.base-url");

		private final ConfigurableEnvironment environment;

		private DemoUpstreams upstreams;

		EmbeddedDemoUpstreams(ConfigurableEnvironment environment) {
			super("embeddedDemoUpstreams");
			this.environment = environment;
		}

		@Override
		public Object getProperty(String name) {
			Matcher matcher = BASE_URL.matcher(name);
			if (!matcher.matches() || !DemoUpstreams.SERVICES.contains(matcher.group(1))) {
				return null;
			}
			if (!this.environment.getProperty(ENABLED, Boolean.class, false)) {
				return null;
			}
			return upstreams().baseUrl(matcher.group(1));
		}

		synchronized DemoUpstreams upstreams() {
			if (this.upstreams == null) {
				Duration latency = this.environment.getProperty("prism.demo.latency", Duration.class, Duration.ZERO);
				this.upstreams = DemoUpstreams.start("127.0.0.1", 0, latency);
				log.info("Demo upstreams embedded on http://127.0.0.1:{} ({})", this.upstreams.port(),
						String.join(", ", DemoUpstreams.SERVICES));
			}
			return this.upstreams;
		}

		synchronized void stop() {
			if (this.upstreams != null) {
				this.upstreams.close();
				this.upstreams = null;
			}
		}

	}

}
