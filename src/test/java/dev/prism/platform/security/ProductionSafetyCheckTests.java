package dev.prism.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

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

	/** Real values of the secrets prod requires beside the admin's. */
	private static final String[] SHARED_SECRETS = { "--prism.mobile.cursor-secret=a-real-cursor-secret-0123456789abcdef",
			"--prism.partner.page-token-secret=a-real-page-token-secret-0123456789",
			"--prism.mobile.jwt.secret=a-real-production-secret-of-enough-length-42",
			"--prism.web.session.encryption-key=8Kq0xJg8b7c0Ww3Wc3WJrYQmzvJt1p6yFz0m0x9o4zI=" };

	private static String[] withSharedSecrets(String... arguments) {
		return java.util.stream.Stream.concat(java.util.Arrays.stream(SHARED_SECRETS), java.util.Arrays.stream(arguments))
			.toArray(String[]::new);
	}

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
	void refusesToStartWithProfileDemoBesideProd() {
		assertThatThrownBy(() -> new SpringApplicationBuilder(PrismApplication.class).profiles("demo", "prod")
			.properties(UPSTREAMS)
			.run(withSharedSecrets("--prism.admin.password-hash={noop}real", "--prism.demo.upstreams.enabled=false"))
			.close()).hasStackTraceContaining("profile demo is active beside prod");
	}

	@Test
	void refusesToStartWithTheDemoIdentityProviderOn() {
		assertThatThrownBy(() -> prod(withSharedSecrets("--prism.admin.password-hash={noop}real",
				"--prism.demo.identity-provider.enabled=true", "--prism.demo.identity-provider.client.secret=x"))
			.close()).hasStackTraceContaining("prism.demo.identity-provider.enabled must be false in prod");
	}

	@Test
	void refusesToStartWithoutTheSecretsEveryInstanceMustShare() {
		// Each pod would sign cursors and page tokens with its own random key: a cursor from one is a 400 on the next;
		// and encrypt its sessions' tokens with its own: a session would lose its login on the next pod
		assertThatThrownBy(() -> prod("--prism.admin.password-hash={noop}real",
				"--prism.mobile.jwt.secret=a-real-production-secret-of-enough-length-42")
			.close()).hasStackTraceContaining("prism.mobile.cursor-secret is not set")
			.hasStackTraceContaining("prism.partner.page-token-secret is not set")
			.hasStackTraceContaining("prism.web.session.encryption-key is not set (environment variable "
					+ "PRISM_WEB_SESSION_ENCRYPTION_KEY)");
	}

	@Test
	void theKubernetesSecretListsEverySecretProdRequires() throws java.io.IOException {
		String secret = java.nio.file.Files.readString(java.nio.file.Path.of("deploy/k8s/secret.example.yaml"));
		for (String required : ProductionSafetyCheck.REQUIRED) {
			String variable = required.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
			assertThat(secret).as(required).contains(variable + ":");
		}
	}

	@Test
	void recognisesDemoSecretsByValueWhateverTheirSpelling() {
		String rehashedWonderland = "{bcrypt}" + new BCryptPasswordEncoder().encode("wonderland");
		assertThatThrownBy(() -> prod(withSharedSecrets("--prism.admin.password-hash={noop}admin-demo",
				"--prism.web.users.carol.password=" + rehashedWonderland,
				"--prism.web.users.carol.customer-id=c-1009",
				"--prism.partner.clients.acme.key-sha256=8676D15D94DABDD1283E6C407E2BB08A7B5C13B4E3667D4795C17172E080A3D4"))
			.close()).hasStackTraceContaining("prism.admin.password-hash is a hash of a demo password")
			.hasStackTraceContaining("prism.web.users.carol.password is a hash of a demo password")
			.hasStackTraceContaining("demo value of prism.partner.clients.acme.key-sha256");
	}

	@Test
	void everyDemoPasswordHashIsOfAKnownDemoPassword() {
		org.springframework.security.crypto.password.PasswordEncoder passwords = org.springframework.security.crypto.factory.PasswordEncoderFactories
			.createDelegatingPasswordEncoder();
		ProductionSafetyCheck.demoSecrets().forEach((value, name) -> {
			if (name.contains("password")) {
				assertThat(ProductionSafetyCheck.DEMO_PASSWORDS).as(name)
					.anyMatch(password -> passwords.matches(password, value));
			}
		});
	}

	@Test
	void everyDemoSecretIsKnownToTheCheck() {
		assertThat(ProductionSafetyCheck.demoSecrets().values()).contains("prism.admin.password-hash",
				"prism.mobile.jwt.secret", "prism.web.users.alice.password",
				"prism.partner.clients.acme.key-sha256", "prism.demo.identity-provider.client.secret",
				"prism.demo.identity-provider.users.alice.password");
	}

	@Test
	void startsWithRealSecrets() {
		try (ConfigurableApplicationContext context = prod(withSharedSecrets(
				"--prism.admin.password-hash={bcrypt}$2a$10$7EqJtq98hPqEX7fNZaFWoO5X3dE6oJxGyjPT1ZBJv6aKmDPTWUMOa"))) {
			assertThat(context.isRunning()).isTrue();
		}
	}

}
