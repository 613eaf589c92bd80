/**
 * Security building blocks the channels assemble: the firewall, attempt throttles, problem-writing entry points,
 * stateless API chains, signed paging tokens; and the platform's own chains (actuator admin, deny-all fallback) and
 * production start-up checks.
 */
@NullMarked
@NamedInterface("security")
package dev.prism.platform.security;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.NamedInterface;
