/**
 * Backend for Frontend of the browser single-page app under {@code /web/api}: session login with CSRF protection
 * and rich composite pages. Consumed by the storefront running in a browser.
 */
@NullMarked
@ApplicationModule(displayName = "Web BFF", allowedDependencies = { "upstream", "platform::problem",
		"platform::request", "platform::security", "platform::idempotency", "platform::experiments", "platform::apidocs" })
package dev.prism.web;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
