package dev.prism.demo;

import static dev.prism.demo.DemoHttp.get;
import static dev.prism.demo.DemoUpstreamsTests.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.stereotype.Component;

/**
 * Embedded mode, through a real {@code SpringApplication} (so {@code META-INF/spring.factories}, {@code application.yml}
 * and profile {@code demo} apply as they do for Prism) but without Prism's beans: the seven base URLs point at a demo
 * server of the context's own, which answers under each path and stops with the context.
 */
class DemoUpstreamsInitializerTests {

	/** A source with no beans: the test is about the environment, not about Prism's context. */
	static class NoBeans {

	}

	/** Runs an application with no beans; arguments like {@code --prism.demo.latency=50ms} win over the yml files. */
	static ConfigurableApplicationContext run(String... args) {
		return new SpringApplicationBuilder(NoBeans.class).web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.run(args);
	}

	static Map<String, String> baseUrls(ConfigurableApplicationContext context) {
		Map<String, String> urls = new LinkedHashMap<>();
		for (String service : DemoUpstreams.SERVICES) {
			urls.put(service, context.getEnvironment().getProperty("prism.upstreams." + service + ".base-url"));
		}
		return urls;
	}

	static final Map<String, String> PROBES = Map.of("catalog", "/products/SKU-1001", "pricing",
			"/prices?skus=SKU-1001", "inventory", "/availability?skus=SKU-1001", "reviews",
			"/products/SKU-1001/reviews", "recommendations", "/recommendations?sku=SKU-1001", "customers",
			"/customers/c-1001", "orders", "/customers/c-1001/orders");

	@Test
	void theDemoProfilePointsTheSevenBaseUrlsAtAnEmbeddedServerThatStopsWithTheContext() {
		String port;
		try (ConfigurableApplicationContext context = run()) {
			assertThat(context.getEnvironment().getActiveProfiles()).isEmpty();
			assertThat(context.getEnvironment().getDefaultProfiles()).containsExactly("demo");
			Map<String, String> urls = baseUrls(context);
			Matcher first = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/catalog").matcher(urls.get("catalog"));
			assertThat(first.matches()).as(urls.get("catalog")).isTrue();
			port = first.group(1);
			urls.forEach((service, url) -> {
				assertThat(url).isEqualTo("http://127.0.0.1:" + port + "/" + service);
				// With the demo OpenID provider on (profile demo), customers and orders want a token of it
				assertThat(get(url + PROBES.get(service)).statusCode()).as(service)
					.isEqualTo(DemoTokenCheck.SERVICES.contains(service) ? 401 : 200);
			});
		}
		assertThatThrownBy(() -> get("http://127.0.0.1:" + port + "/catalog/products/SKU-1001"))
			.as("stopped with the context")
			.isInstanceOf(UncheckedIOException.class);
	}

	@Test
	void nothingStartsWhenTurnedOff() {
		try (ConfigurableApplicationContext context = run("--prism.demo.upstreams.enabled=false")) {
			assertThat(baseUrls(context)).allSatisfy((service, url) -> assertThat(url).as(service).isNull());
		}
	}

	@Test
	void nothingStartsOutsideProfileDemoUnlessTurnedOn() {
		try (ConfigurableApplicationContext context = run("--spring.profiles.active=other")) {
			assertThat(baseUrls(context)).allSatisfy((service, url) -> assertThat(url).as(service).isNull());
		}
	}

	@Test
	void configuredBaseUrlsWin() {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(NoBeans.class)
			.web(WebApplicationType.NONE)
			.properties("prism.upstreams.reviews.base-url=http://defaults:8089/reviews")
			.run("--prism.upstreams.catalog.base-url=http://wiremock:8089/cat")) {
			Map<String, String> urls = baseUrls(context);
			assertThat(urls.get("catalog")).isEqualTo("http://wiremock:8089/cat");
			assertThat(urls.get("reviews")).as("even the application's default properties")
				.isEqualTo("http://defaults:8089/reviews");
			assertThat(urls.get("pricing")).matches("http://127\\.0\\.0\\.1:\\d+/pricing");
		}
	}

	@Test
	void latencyAndFaultsComeFromConfiguration() {
		try (ConfigurableApplicationContext context = run("--prism.demo.latency=50ms",
				"--prism.demo.faults.pricing.mode=down", "--prism.demo.faults.inventory.mode=slow",
				"--prism.demo.faults.inventory.latency=300ms", "--prism.demo.faults.reviews.error-rate=1")) {
			Map<String, String> urls = baseUrls(context);
			assertProblem(get(urls.get("pricing") + PROBES.get("pricing")), 503);
			assertProblem(get(urls.get("reviews") + PROBES.get("reviews")), 503);
			long started = System.nanoTime();
			assertThat(get(urls.get("inventory") + PROBES.get("inventory")).statusCode()).isEqualTo(200);
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(350));
			started = System.nanoTime();
			assertThat(get(urls.get("catalog") + PROBES.get("catalog")).statusCode()).isEqualTo(200);
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(50));
		}
	}

	@Test
	void eachContextHasItsOwnServer() {
		try (ConfigurableApplicationContext one = run("--prism.demo.identity-provider.enabled=false");
				ConfigurableApplicationContext two = run("--prism.demo.identity-provider.enabled=false")) {
			String first = baseUrls(one).get("customers");
			String second = baseUrls(two).get("customers");
			assertThat(first).isNotEqualTo(second);
			one.close();
			assertThat(get(second + "/customers/c-1002").statusCode()).isEqualTo(200);
		}
	}

	@Test
	void aComponentScanOfTheModuleFindsNoUpstreamHandler() {
		// Prism scans dev.prism.**: the demo services must not become beans of its context.
		StandardEnvironment demoProfile = new StandardEnvironment();
		demoProfile.setActiveProfiles("demo");
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false,
				demoProfile);
		scanner.addIncludeFilter(new AnnotationTypeFilter(Component.class));
		assertThat(scanner.findCandidateComponents("dev.prism.demo")).extracting(BeanDefinition::getBeanClassName)
			.containsExactlyInAnyOrder(DemoMobileTokenController.class.getName(),
					DemoMobileTokenController.DemoMobileTokenSecurity.class.getName());
	}

}
