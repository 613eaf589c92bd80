/**
 * RFC 9457 problem details: the base exception types the channels and upstream clients throw, the one writer and
 * factory every answer goes through, and the advice, error controller and Tomcat valve that turn anything else into
 * one.
 */
@NullMarked
@NamedInterface("problem")
package dev.prism.platform.problem;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.NamedInterface;
