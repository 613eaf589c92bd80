/**
 * Backend for Frontend of B2B integrators under {@code /partner/api/v1}: API keys with scopes, quotas, a stable
 * versioned contract and idempotent orders. Consumed by partners' machines integrating from the OpenAPI docs.
 */
@NullMarked
@ApplicationModule(displayName = "Partner BFF", allowedDependencies = { "upstream", "platform::problem",
		"platform::request", "platform::security", "platform::idempotency", "platform::apidocs" })
package dev.prism.partner;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
