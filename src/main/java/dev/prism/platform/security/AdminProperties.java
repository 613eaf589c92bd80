package dev.prism.platform.security;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The operator identity that may read actuator endpoints other than health and info (HTTP Basic).
 *
 * @param username the admin user name
 * @param passwordHash the password in Spring Security's {@code {id}hash} form, e.g. {@code {bcrypt}$2a$...}
 * @param login throttling of wrong passwords, per client address only
 */
@ConfigurationProperties("prism.admin")
@Validated
record AdminProperties(@DefaultValue("admin") @NotBlank String username, @NotBlank String passwordHash,
		@DefaultValue @Valid Login login) {

	/**
	 * @param maxFailures wrong passwords an address may send within the window; then 429 until the window has passed
	 * @param window how long failures are counted, from the first
	 */
	record Login(@DefaultValue("10") @Min(1) int maxFailures, @DefaultValue("15m") Duration window) {
	}

}
