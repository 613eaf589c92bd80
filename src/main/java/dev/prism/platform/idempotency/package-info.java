/**
 * Idempotent requests: a caller-scoped key runs its action at most once and replays the stored answer, in memory or in Redis.
 */
@NamedInterface("idempotency")
package dev.prism.platform.idempotency;

import org.springframework.modulith.NamedInterface;
