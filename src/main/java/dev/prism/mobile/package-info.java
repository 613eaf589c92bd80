/**
 * Backend for Frontend of the native apps under {@code /mobile/api}: JWT bearer tokens, compact payloads, opaque
 * cursors and conditional requests for slow, metered networks. Consumed by the iOS and Android apps.
 */
@NullMarked
@ApplicationModule(displayName = "Mobile BFF", allowedDependencies = { "upstream", "platform::problem",
		"platform::request", "platform::security", "platform::idempotency", "platform::experiments", "platform::apidocs" })
package dev.prism.mobile;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
