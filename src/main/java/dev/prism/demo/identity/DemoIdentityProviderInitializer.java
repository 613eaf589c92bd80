package dev.prism.demo.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

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
 * Prism's application context, a failed start included.
 * <p>
 * So that the demo shows the relay of the user's identity, it also configures the rest of the pattern at the same
 * provider: the registrations {@code demo-service} (Prism's own identity, client credentials) and
 * {@code demo-exchange} (RFC 8693); the customers and orders services in {@code auth.mode: token-exchange}, each
 * with its own audience and Prism's identity for calls without a user; mobile tokens verified by the provider's
 * issuer ({@code spring.security.oauth2.resourceserver.jwt.issuer-uri}), which {@code POST /demo/mobile-token}
 * then obtains from the provider ({@link DemoAppTokens}); and {@code prism.demo.upstreams.token-issuer}, so the demo
 * customers and orders services refuse calls without a token of their own from it. With the provider off (the
 * benchmarks, most tests) none of this is set. Every key it answers can be overridden by configuration. Registered in
 * {@code META-INF/spring.factories}; nothing in Prism refers to it.
 */
public class DemoIdentityProviderInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	static final String ENABLED = "prism.demo.identity-provider.enabled";

	/** Prism's registration id of the demo provider: the web login starts at /web/api/oauth2/authorization/demo. */
	static final String REGISTRATION_ID = "demo";

	static final String MOBILE_ISSUER_URI = "spring.security.oauth2.resourceserver.jwt.issuer-uri";

	static final String DEMO_UPSTREAMS_TOKEN_ISSUER = "prism.demo.upstreams.token-issuer";

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		ConfigurableEnvironment environment = context.getEnvironment();
		DemoClientRegistration source = new DemoClientRegistration(environment);
		environment.getPropertySources().addLast(source);
		context.getBeanFactory().registerSingleton("demoAppTokens", source.appTokens());
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

		/** Prism's own identity at the provider (client credentials): what partners' and password sessions' calls carry. */
		static final String SERVICE_REGISTRATION_ID = "demo-service";

		/** The registration of the token exchanges (RFC 8693) of the users' tokens for the orders and customers services. */
		static final String EXCHANGE_REGISTRATION_ID = "demo-exchange";

		/** The services that see the user: the demo's customers and orders services check the token's user. */
		static final List<String> RELAYED_SERVICES = List.of("customers", "orders");

		private final Map<String, Function<DemoClientRegistration, Object>> answers = answers();

		private static Map<String, Function<DemoClientRegistration, Object>> answers() {
			Map<String, Function<DemoClientRegistration, Object>> answers = new LinkedHashMap<>();
			// The web login.
			answers.put(REGISTRATION + "client-id", source -> source.properties().client().id());
			answers.put(REGISTRATION + "client-secret", source -> source.properties().client().secret());
			answers.put(REGISTRATION + "client-name", source -> "Northpeak ID");
			answers.put(REGISTRATION + "authorization-grant-type", source -> "authorization_code");
			answers.put(REGISTRATION + "scope", source -> "openid,profile,email");
			answers.put(REGISTRATION + "redirect-uri", source -> "{baseUrl}/web/api/oauth2/code/{registrationId}");
			answers.put(ISSUER_URI, source -> source.provider().issuer());
			// Prism's service identity and the exchanges, the same client at the same provider.
			for (String id : List.of(SERVICE_REGISTRATION_ID, EXCHANGE_REGISTRATION_ID)) {
				String registration = "spring.security.oauth2.client.registration." + id + ".";
				answers.put(registration + "client-id", source -> source.properties().client().id());
				answers.put(registration + "client-secret", source -> source.properties().client().secret());
				answers.put(registration + "provider", source -> REGISTRATION_ID);
				answers.put(registration + "authorization-grant-type",
						source -> id.equals(SERVICE_REGISTRATION_ID) ? "client_credentials"
								: "urn:ietf:params:oauth:grant-type:token-exchange");
			}
			answers.put("spring.security.oauth2.client.registration." + SERVICE_REGISTRATION_ID + ".scope",
					source -> String.join(",", RELAYED_SERVICES));
			// Each service that checks users gets the user's token exchanged for one of its own audience, and
			// Prism's identity when there is no user (a partner, a password session).
			for (String service : RELAYED_SERVICES) {
				String auth = "prism.upstreams." + service + ".auth.";
				answers.put(auth + "mode", source -> "token-exchange");
				answers.put(auth + "registration-id", source -> EXCHANGE_REGISTRATION_ID);
				answers.put(auth + "audience", source -> service);
				answers.put(auth + "service-registration-id", source -> SERVICE_REGISTRATION_ID);
			}
			// Mobile tokens come from the provider (POST /demo/mobile-token), verified with its JWK set...
			answers.put(MOBILE_ISSUER_URI, source -> source.provider().issuer());
			// ...and the demo customers and orders services check the tokens they get against it.
			answers.put(DEMO_UPSTREAMS_TOKEN_ISSUER, source -> source.provider().issuer());
			return Map.copyOf(answers);
		}

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
			return enabled() ? this.answers.keySet().stream().sorted().toArray(String[]::new) : new String[0];
		}

		@Override
		public @Nullable Object getProperty(String name) {
			Function<DemoClientRegistration, Object> answer = this.answers.get(name);
			if (answer == null || !enabled() || isDefaultProperty(name)) {
				return null;
			}
			return answer.apply(this);
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

		/** The app tokens of the provider this source starts, when it is enabled. */
		DemoAppTokens appTokens() {
			return new DemoAppTokens() {

				@Override
				public boolean available() {
					return enabled();
				}

				@Override
				public List<String> customers() {
					return available() ? provider().appCustomers() : List.of();
				}

				@Override
				public Optional<AppToken> issue(String customerId, String audience) {
					if (!available()) {
						return Optional.empty();
					}
					return provider().appToken(customerId, audience)
						.map(token -> new AppToken(token.getTokenValue(), Duration.between(token.getIssuedAt() == null
								? Instant.now() : token.getIssuedAt(), java.util.Objects.requireNonNull(token.getExpiresAt()))));
				}

			};
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
