/**
 * Typed, resilient clients for the shop's domain services (catalog, pricing, inventory, reviews, recommendations,
 * customers, orders): timeouts, retries, circuit breakers, bulkheads, caching and parallel fan-out under the request
 * deadline. The only module that talks HTTP to domain services; consumed by the channel BFFs.
 */
@NullMarked
@ApplicationModule(displayName = "Upstream clients", allowedDependencies = { "platform::problem", "platform::request" })
package dev.prism.upstream;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
