/**
 * What the channels' generated OpenAPI documents share: problem-detail schemas, common responses, nullable view properties.
 */
@NamedInterface("apidocs")
package dev.prism.platform.apidocs;

import org.springframework.modulith.NamedInterface;
