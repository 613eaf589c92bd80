package dev.prism.mobile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.mock.env.MockEnvironment;

import dev.prism.PrismApplication;

/** The mobile channel refuses to start with an HS256 secret shorter than 32 bytes. */
class MobileSecurityConfigurationTests {

	@Test
	void aShortSecretIsRefused() {
		assertThatThrownBy(() -> MobileSecurityConfiguration
			.decoder(new MobileProperties.Jwt("too-short", "mobile", Duration.ofSeconds(30)), new MockEnvironment()))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("at least 32 bytes");
		assertThat(MobileSecurityConfiguration.decoder(
				new MobileProperties.Jwt("a-secret-of-at-least-thirty-two-bytes!!", "mobile", Duration.ofSeconds(30)),
				new MockEnvironment()))
			.isNotNull();
	}

	@Test
	void theApplicationDoesNotStartWithAShortSecret() {
		assertThatThrownBy(() -> new SpringApplicationBuilder(PrismApplication.class)
			.run("--server.port=0", "--prism.mobile.jwt.secret=short").close())
			.hasStackTraceContaining("prism.mobile.jwt.secret must be at least 32 bytes");
	}

}
