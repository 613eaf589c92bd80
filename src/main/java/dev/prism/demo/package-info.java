/**
 * Stand-in domain services implementing the upstream contract, so Prism runs with zero setup; also runnable alone
 * as a stub upstream with configurable latency and faults for benchmarks and fault drills. Nobody depends on it:
 * Prism reaches it only through configured base URLs.
 */
@NullMarked
@ApplicationModule(displayName = "Demo upstreams", allowedDependencies = "platform::request")
package dev.prism.demo;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
