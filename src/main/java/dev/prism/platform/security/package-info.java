/**
 * Security building blocks the channels assemble: the firewall, attempt throttles, problem-writing entry points, stateless API chains, signed paging tokens; and the platform's own chains (actuator admin, deny-all fallback) and production start-up checks.
 */
@NamedInterface("security")
package dev.prism.platform.security;

import org.springframework.modulith.NamedInterface;
