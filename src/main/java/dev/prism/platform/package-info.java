/**
 * Cross-cutting edge concerns every channel shares: RFC 9457 problem details and the base exception types that map
 * to them, request correlation ids, per-request deadlines and their propagation, security building blocks, and
 * metrics tags. It depends on nothing else in Prism.
 */
@ApplicationModule(displayName = "Platform", allowedDependencies = {})
package dev.prism.platform;

import org.springframework.modulith.ApplicationModule;
