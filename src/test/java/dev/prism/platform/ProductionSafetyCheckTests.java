package dev.prism.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.prism.PrismApplication;

/** Profile {@code prod} refuses demo secrets and missing secrets at start, and starts with real ones. */
class ProductionSafetyCheckTests {

	private static final String[] UPSTREAMS = { "prism.upstreams.catalog.base-url=http://127.0.0.1:9",
			"prism.upstreams.pricing.base-url=http://127.0.0.1:9",
			"prism.upstreams.inventory.base-url=http://127.0.0.1:9",
			"prism.upstreams.reviews.base-url=http://127.0.0.1:9",
			"prism.upstreams.recommendations.base-url=http://127.0.0.1:9",
			"prism.upstreams.customers.base-url=http://127.0.0.1:9",
			"prism.upstreams.orders.base-url=http://127.0.0.1:9", "server.port=0" };

	/** Starts Prism in prod with {@code arguments} given on the command line, as an operator would. */
	private static ConfigurableApplicationContext prod(String... arguments) {
		return new SpringApplicationBuilder(PrismApplication.class).profiles("prod")
			.properties(UPSTREAMS)
			.run(arguments);
	}

	@Test
	void refusesToStartWithoutTheAdminSecret() {
		assertThatThrownBy(() -> prod().close()).hasStackTraceContaining("refuses to start in profile 'prod'")
			.hasStackTraceContaining("prism.admin.password-hash is not set");
	}

	@Test
	void refusesToStartWithADemoSecret() {
		assertThatThrownBy(() -> prod("--prism.admin.password-hash={bcrypt}$2a$10$K1NicWKbNFDgXonvnQUQ1eVjujEE9DATQNso7ToSR7u8vZidUeUg6").close())
			.hasStackTraceContaining("holds the demo value of prism.admin.password-hash");
	}

	@Test
	void refusesToStartWithTheDemoMobileSecretOrADemoPartnerKey() {
		assertThatThrownBy(() -> prod("--prism.admin.password-hash={noop}real",
				"--prism.mobile.jwt.secret=prism-demo-mobile-secret-change-me-0123456789")
			.close()).hasStackTraceContaining("holds the demo value of prism.mobile.jwt.secret");
		assertThatThrownBy(() -> prod("--prism.admin.password-hash={noop}real",
				"--prism.mobile.jwt.secret=a-real-production-secret-of-enough-length-42",
				"--prism.partner.clients.acme.key-sha256=8676d15d94dabdd1283e6c407e2bb08a7b5c13b4e3667d4795c17172e080a3d4")
			.close()).hasStackTraceContaining("demo value of prism.partner.clients.acme.key-sha256");
	}

	@Test
	void everyDemoSecretIsKnownToTheCheck() {
		assertThat(ProductionSafetyCheck.demoSecrets().values()).contains("prism.admin.password-hash",
				"prism.mobile.jwt.secret", "prism.web.users.alice.password",
				"prism.partner.clients.acme.key-sha256");
	}

	@Test
	void startsWithRealSecrets() {
		try (ConfigurableApplicationContext context = prod(
				"--prism.admin.password-hash={bcrypt}$2a$10$7EqJtq98hPqEX7fNZaFWoO5X3dE6oJxGyjPT1ZBJv6aKmDPTWUMOa",
				"--prism.mobile.jwt.secret=a-real-production-secret-of-enough-length-42")) {
			assertThat(context.isRunning()).isTrue();
		}
	}

}
