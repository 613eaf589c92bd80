/**
 * The request's own context: correlation id, channel, deadline and load shedding, the access log, whole-response
 * buffering and the body-size limit; and the order of every filter and security chain ({@link
 * dev.prism.platform.request.EdgeOrder}).
 */
@NullMarked
@NamedInterface("request")
package dev.prism.platform.request;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.NamedInterface;
