/**
 * The demo's embedded OpenID provider (Spring Authorization Server), started in its own context and Tomcat before Prism
 * resolves its issuer.
 */
@NullMarked
package dev.prism.demo.identity;

import org.jspecify.annotations.NullMarked;
