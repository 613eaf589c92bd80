package dev.prism.upstream;

import java.time.Duration;

import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How Prism talks to identity providers ({@code prism.identity.http.*}): token, refresh, token-exchange and
 * revocation requests and JWK sets.
 *
 * @param connectTimeout how long to wait for a TCP connection
 * @param readTimeout how long to wait for an answer
 * @param maxConnections connections kept at most
 */
@ConfigurationProperties("prism.identity.http")
@Validated
record IdentityHttpProperties(@DefaultValue("1s") Duration connectTimeout, @DefaultValue("5s") Duration readTimeout,
		@DefaultValue("32") @Min(1) int maxConnections) {
}
