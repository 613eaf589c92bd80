package dev.prism.demo.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Embedded mode, through a real {@code SpringApplication} (so {@code META-INF/spring.factories}, {@code application.yml}
 * and profile {@code demo} apply as they do for Prism) but without Prism's beans: the client registration
 * {@code demo} and its issuer, a provider that starts when that issuer is first resolved and stops with the context.
 */
class DemoIdentityProviderInitializerTests {

	static final String ISSUER = "spring.security.oauth2.client.provider.demo.issuer-uri";

	static final String REGISTRATION = "spring.security.oauth2.client.registration.demo.";

	/** A source with no beans: the test is about the environment, not about Prism's context. */
	static class NoBeans {

	}

	static ConfigurableApplicationContext run(Class<?> source, String... args) {
		return new SpringApplicationBuilder(source).web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.run(args);
	}

	static Map<String, String> registration(Environment environment) {
		Map<String, String> registration = new LinkedHashMap<>();
		for (String key : new String[] { "client-id", "client-secret", "client-name", "authorization-grant-type",
				"scope", "redirect-uri" }) {
			registration.put(key, environment.getProperty(REGISTRATION + key));
		}
		return registration;
	}

	@Test
	void theDemoProfileRegistersTheProviderAsDemoAndItStopsWithTheContext() {
		String issuer;
		try (ConfigurableApplicationContext context = run(NoBeans.class)) {
			assertThat(registration(context.getEnvironment())).containsEntry("client-id", "prism")
				.containsEntry("client-secret", "prism-demo-idp-client-secret")
				.containsEntry("client-name", "Northpeak ID")
				.containsEntry("authorization-grant-type", "authorization_code")
				.containsEntry("scope", "openid,profile,email")
				.containsEntry("redirect-uri", "{baseUrl}/web/api/oauth2/code/{registrationId}");
			issuer = context.getEnvironment().getProperty(ISSUER);
			assertThat(issuer).matches("http://127\\.0\\.0\\.1:\\d+");
			assertThat(context.getEnvironment().getProperty(ISSUER)).as("started once").isEqualTo(issuer);
			assertThat(new DemoBrowser().getJson(URI.create(issuer + "/.well-known/openid-configuration")).body())
				.contains("\"issuer\":\"" + issuer + "\"");
		}
		assertThatThrownBy(() -> new DemoBrowser().getJson(URI.create(issuer + "/.well-known/openid-configuration")))
			.as("stopped with the context")
			.isInstanceOf(UncheckedIOException.class);
	}

	@Test
	void nothingIsRegisteredWhenTurnedOffOrOutsideProfileDemo() {
		for (String args : new String[] { "--prism.demo.identity-provider.enabled=false",
				"--spring.profiles.active=other" }) {
			try (ConfigurableApplicationContext context = run(NoBeans.class, args)) {
				assertThat(context.getEnvironment().getProperty(ISSUER)).as(args).isNull();
				assertThat(registration(context.getEnvironment())).as(args).allSatisfy(
						(key, value) -> assertThat(value).as(key).isNull());
			}
		}
	}

	@Test
	void configurationWinsOverWhatTheProviderPublishes() {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(NoBeans.class)
			.web(WebApplicationType.NONE)
			.properties(REGISTRATION + "client-name=Defaults")
			.run("--" + REGISTRATION + "scope=openid", "--" + ISSUER + "=https://id.example")) {
			assertThat(context.getEnvironment().getProperty(REGISTRATION + "scope")).isEqualTo("openid");
			assertThat(context.getEnvironment().getProperty(REGISTRATION + "client-name"))
				.as("even the application's default properties")
				.isEqualTo("Defaults");
			assertThat(context.getEnvironment().getProperty(ISSUER)).isEqualTo("https://id.example");
			assertThat(context.getEnvironment().getProperty(REGISTRATION + "client-id")).isEqualTo("prism");
		}
	}

	/** Resolves the issuer, as Prism's client registrations do, and then fails the start. */
	static class FailingStart {

		static final AtomicReference<String> issuer = new AtomicReference<>();

		@Bean
		Object resolvesTheIssuerAndFails(Environment environment) {
			issuer.set(environment.getProperty(ISSUER));
			throw new IllegalStateException("a later bean fails");
		}

	}

	@Test
	void aFailedStartStopsTheProviderToo() {
		assertThatThrownBy(() -> run(FailingStart.class)).hasRootCauseMessage("a later bean fails");
		String issuer = FailingStart.issuer.get();
		assertThat(issuer).matches("http://127\\.0\\.0\\.1:\\d+");
		assertThatThrownBy(() -> new DemoBrowser().getJson(URI.create(issuer + "/.well-known/openid-configuration")))
			.as("no provider left behind")
			.isInstanceOf(UncheckedIOException.class);
	}

}
