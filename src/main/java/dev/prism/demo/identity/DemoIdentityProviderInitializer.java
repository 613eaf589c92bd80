package dev.prism.demo.identity;

import java.time.Clock;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.env.DefaultPropertiesPropertySource;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;

/**
 * Embedded mode of the demo OpenID provider: when {@code prism.demo.identity-provider.enabled=true} (profile
 * {@code demo}), Prism gets the OpenID Connect client registration {@code demo} — client {@code prism}, scopes
 * {@code openid profile email}, redirect URI {@code {baseUrl}/web/api/oauth2/code/demo} — whose
 * {@code spring.security.oauth2.client.provider.demo.issuer-uri} is the provider's. The provider starts the first time
 * that issuer is resolved — when Prism's client registrations are bound, before Spring Security looks the issuer's
 * discovery document up, and after all configuration, test properties included, is in place — and stops with
 * Prism's application context, a failed start included. Every key it answers can be overridden by configuration.
 * Registered in {@code META-INF/spring.factories}; nothing in Prism refers to it.
 */
public class DemoIdentityProviderInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	static final String ENABLED = "prism.demo.identity-provider.enabled";

	/** Prism's registration id of the demo provider: the web login starts at /web/api/oauth2/authorization/demo. */
	static final String REGISTRATION_ID = "demo";

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		ConfigurableEnvironment environment = context.getEnvironment();
		DemoClientRegistration source = new DemoClientRegistration(environment);
		environment.getPropertySources().addLast(source);
		if (context.getBeanFactory() instanceof DefaultSingletonBeanRegistry registry) {
			// Destroyed with the context's beans: on close, and when its refresh fails (no ContextClosedEvent then),
			// so a failed start leaves no Tomcat behind to keep the JVM alive.
			registry.registerDisposableBean("demoIdentityProvider", source::stop);
		}
		else {
			context.addApplicationListener(event -> {
				if (event instanceof ContextClosedEvent closed && closed.getApplicationContext() == context) {
					source.stop();
				}
			});
		}
	}

	/** Answers Prism's client registration {@code demo}, starting the provider when its issuer is asked for. */
	static final class DemoClientRegistration extends EnumerablePropertySource<Object> {

		private static final Logger log = LoggerFactory.getLogger(DemoClientRegistration.class);

		static final String REGISTRATION = "spring.security.oauth2.client.registration." + REGISTRATION_ID + ".";

		static final String ISSUER_URI = "spring.security.oauth2.client.provider." + REGISTRATION_ID + ".issuer-uri";

		static final List<String> NAMES = List.of(REGISTRATION + "client-id", REGISTRATION + "client-secret",
				REGISTRATION + "client-name", REGISTRATION + "authorization-grant-type", REGISTRATION + "scope",
				REGISTRATION + "redirect-uri", ISSUER_URI);

		private final ConfigurableEnvironment environment;

		private @Nullable DemoIdentityProviderProperties properties;

		private @Nullable DemoIdentityProvider provider;

		private boolean stopped;

		/** Set while this thread asks the environment whether the provider is on: the answer passes through here. */
		private final ThreadLocal<Boolean> resolving = ThreadLocal.withInitial(() -> false);

		DemoClientRegistration(ConfigurableEnvironment environment) {
			super("demoIdentityProvider");
			this.environment = environment;
		}

		private boolean enabled() {
			if (this.resolving.get()) {
				return false;
			}
			this.resolving.set(true);
			try {
				return this.environment.getProperty(ENABLED, Boolean.class, false);
			}
			finally {
				this.resolving.remove();
			}
		}

		/** Whether the application's default properties set it: Boot keeps them last, behind this source. */
		private boolean isDefaultProperty(String name) {
			PropertySource<?> defaults = this.environment.getPropertySources().get(DefaultPropertiesPropertySource.NAME);
			return defaults != null && defaults.containsProperty(name);
		}

		@Override
		public String[] getPropertyNames() {
			return enabled() ? NAMES.toArray(String[]::new) : new String[0];
		}

		@Override
		public @Nullable Object getProperty(String name) {
			if (!NAMES.contains(name) || !enabled() || isDefaultProperty(name)) {
				return null;
			}
			return switch (name.substring(name.lastIndexOf('.') + 1)) {
				case "client-id" -> properties().client().id();
				case "client-secret" -> properties().client().secret();
				case "client-name" -> "Northpeak ID";
				case "authorization-grant-type" -> "authorization_code";
				case "scope" -> "openid,profile,email";
				case "redirect-uri" -> "{baseUrl}/web/api/oauth2/code/{registrationId}";
				default -> provider().issuer();
			};
		}

		private synchronized DemoIdentityProviderProperties properties() {
			if (this.properties == null) {
				this.properties = DemoIdentityProviderProperties.bind(this.environment);
			}
			return this.properties;
		}

		synchronized DemoIdentityProvider provider() {
			if (this.stopped) {
				throw new IllegalStateException("The demo identity provider stopped with its application context");
			}
			if (this.provider == null) {
				DemoIdentityProviderProperties settings = properties();
				this.provider = DemoIdentityProvider.start(settings, Clock.systemUTC());
				log.info("Demo OpenID provider (Northpeak ID) on {} for client {}, users {}: log in at "
						+ "/web/api/oauth2/authorization/{}", this.provider.issuer(), settings.client().id(),
						settings.users().keySet().stream().sorted().toList(), REGISTRATION_ID);
			}
			return this.provider;
		}

		synchronized void stop() {
			this.stopped = true;
			if (this.provider != null) {
				this.provider.close();
				this.provider = null;
			}
		}

	}

}
