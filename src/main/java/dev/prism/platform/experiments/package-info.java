/**
 * Experiment assignment: stable, per-caller variants the channels read.
 */
@NamedInterface("experiments")
package dev.prism.platform.experiments;

import org.springframework.modulith.NamedInterface;
