package dev.prism.platform;

import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The operator identity that may read actuator endpoints other than health and info (HTTP Basic).
 *
 * @param username the admin user name
 * @param passwordHash the password in Spring Security's {@code {id}hash} form, e.g. {@code {bcrypt}$2a$...}
 */
@ConfigurationProperties("prism.admin")
@Validated
record AdminProperties(@DefaultValue("admin") @NotBlank String username, @NotBlank String passwordHash) {
}
