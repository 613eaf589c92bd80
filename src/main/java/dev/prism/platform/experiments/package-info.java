/**
 * Experiment assignment: stable, per-caller variants the channels read.
 */
@NullMarked
@NamedInterface("experiments")
package dev.prism.platform.experiments;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.NamedInterface;
