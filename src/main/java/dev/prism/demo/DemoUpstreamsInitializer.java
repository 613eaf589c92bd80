package dev.prism.demo;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.env.DefaultPropertiesPropertySource;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

/**
 * Embedded mode: when {@code prism.demo.upstreams.enabled=true}, every {@code prism.upstreams.<name>.base-url} that
 * configuration leaves unset points at demo upstreams started on a free loopback port
 * ({@code http://127.0.0.1:<port>/catalog}, ...), which answer image URLs of the pictures they draw themselves. The
 * server starts the first time a base URL is resolved — while the first bean that needs one is bound, after all
 * configuration, test properties included, is in place — and stops with the application context. Registered in {@code META-INF/spring.factories}; nothing in Prism refers to it.
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

		private @Nullable DemoUpstreams upstreams;

		EmbeddedDemoUpstreams(ConfigurableEnvironment environment) {
			super("embeddedDemoUpstreams");
			this.environment = environment;
		}

		@Override
		public @Nullable Object getProperty(String name) {
			Matcher matcher = BASE_URL.matcher(name);
			if (!matcher.matches() || !DemoUpstreams.SERVICES.contains(matcher.group(1))) {
				return null;
			}
			if (!this.environment.getProperty(ENABLED, Boolean.class, false) || isDefaultProperty(name)) {
				return null;
			}
			return upstreams().baseUrl(matcher.group(1));
		}

		/** Whether the application's default properties set it: Boot keeps them last, behind this source. */
		private boolean isDefaultProperty(String name) {
			PropertySource<?> defaults = this.environment.getPropertySources().get(DefaultPropertiesPropertySource.NAME);
			return defaults != null && defaults.containsProperty(name);
		}

		synchronized DemoUpstreams upstreams() {
			if (this.upstreams == null) {
				DemoProperties properties = DemoProperties.bind(this.environment);
				this.upstreams = DemoUpstreams.start("127.0.0.1", 0, properties).servingOwnImages();
				log.info("Demo upstreams embedded on http://127.0.0.1:{}/<service> for {} (latency {}, faults {})",
						this.upstreams.port(), DemoUpstreams.SERVICES, properties.latency(), properties.faults());
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
