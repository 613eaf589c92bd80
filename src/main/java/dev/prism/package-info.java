/**
 * Prism: one deployable hosting a Backend for Frontend per client channel; its application modules are the direct
 * sub-packages.
 */
@NullMarked
package dev.prism;

import org.jspecify.annotations.NullMarked;
