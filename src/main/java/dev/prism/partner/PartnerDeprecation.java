package dev.prism.partner;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a partner endpoint deprecated: every answer then carries {@code Deprecation} (RFC 9745), {@code Sunset}
 * (RFC 8594) and a {@code Link} to its successor, so integrators' tooling sees the retirement coming.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface PartnerDeprecation {

	/** When it was deprecated, ISO date. */
	String since();

	/** When it stops answering, ISO date. */
	String sunset();

	/** The endpoint to use instead. */
	String successor();

}
