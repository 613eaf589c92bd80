package dev.prism.demo.identity;

import java.time.Clock;
import java.util.function.Consumer;

import org.springframework.boot.web.server.servlet.context.AnnotationConfigServletWebServerApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

/**
 * A running demo OpenID provider: Spring Authorization Server in an application context of its own — none of
 * Prism's beans, configuration or filters reach it, nor its into Prism — on its own Tomcat at
 * {@code http://127.0.0.1:<port>}, which is also its issuer.
 */
final class DemoIdentityProvider implements AutoCloseable {

	private final AnnotationConfigServletWebServerApplicationContext context;

	private DemoIdentityProvider(AnnotationConfigServletWebServerApplicationContext context) {
		this.context = context;
	}

	/** Starts a provider with these settings, timing its tokens by {@code clock}; the caller closes it. */
	static DemoIdentityProvider start(DemoIdentityProviderProperties properties, Clock clock) {
		return start(properties, clock, context -> {
		});
	}

	/**
	 * {@link #start(DemoIdentityProviderProperties, Clock)}, with what {@code customizer} adds to the provider's
	 * context before it starts: a test's observers (a servlet filter that counts token requests, say).
	 */
	static DemoIdentityProvider start(DemoIdentityProviderProperties properties, Clock clock,
			Consumer<? super GenericApplicationContext> customizer) {
		AnnotationConfigServletWebServerApplicationContext context = new AnnotationConfigServletWebServerApplicationContext();
		context.setId("prism-demo-identity-provider");
		context.registerBean(DemoIdentityProviderProperties.class, () -> properties);
		context.registerBean(Clock.class, () -> clock);
		context.register(DemoIdentityProviderConfiguration.class);
		customizer.accept(context);
		try {
			context.refresh();
		}
		catch (RuntimeException ex) {
			context.close();
			throw new IllegalStateException("Could not start the demo identity provider on 127.0.0.1:"
					+ properties.port(), ex);
		}
		return new DemoIdentityProvider(context);
	}

	int port() {
		return java.util.Objects.requireNonNull(this.context.getWebServer()).getPort();
	}

	/** {@code http://127.0.0.1:<port>}: where its discovery document is, and every token's {@code iss}. */
	String issuer() {
		return "http://127.0.0.1:" + port();
	}

	/** The token of the demo app's user with this customer account, for {@code audience}; empty for no such user. */
	java.util.Optional<org.springframework.security.oauth2.core.OAuth2AccessToken> appToken(String customerId,
			String audience) {
		return this.context.getBean(DemoAppTokenMinter.class).mint(issuer(), customerId, audience);
	}

	/** The customer accounts {@link #appToken} knows. */
	java.util.List<String> appCustomers() {
		return this.context.getBean(DemoAppTokenMinter.class).customers();
	}

	@Override
	public void close() {
		this.context.close();
	}

}
