/**
 * Idempotent requests: a caller-scoped key runs its action at most once and replays the stored answer, in memory or in
 * Redis.
 */
@NullMarked
@NamedInterface("idempotency")
package dev.prism.platform.idempotency;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.NamedInterface;
