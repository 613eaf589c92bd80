/**
 * What the channels' generated OpenAPI documents share: problem-detail schemas, common responses, nullable view
 * properties.
 */
@NullMarked
@NamedInterface("apidocs")
package dev.prism.platform.apidocs;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.NamedInterface;
