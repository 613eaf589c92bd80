/**
 * The demo's OpenID provider ("Northpeak ID"): Spring Authorization Server in an application context and on an
 * embedded Tomcat of its own, started on a free loopback port before Prism's OpenID Connect client looks its issuer
 * up, so profile {@code demo} shows the web channel's real login (authorization-code flow, tokens kept server-side)
 * with zero setup. Internal to the demo module; Prism reaches it only through the client registration {@code demo}
 * that {@link dev.prism.demo.identity.DemoIdentityProviderInitializer} publishes.
 */
package dev.prism.demo.identity;
