/**
 * Cross-cutting edge concerns every channel shares, each a named interface the BFFs declare they use:
 * {@code problem} (problem details and the base exceptions), {@code request} (context, deadline, correlation id,
 * channel and the filters), {@code security} (building blocks and the platform's own chains), {@code idempotency},
 * {@code experiments} and {@code apidocs}. It depends on nothing else in Prism.
 */
@NullMarked
@ApplicationModule(displayName = "Platform", allowedDependencies = {})
package dev.prism.platform;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
