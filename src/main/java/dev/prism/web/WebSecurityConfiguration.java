package dev.prism.web;

import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationSuccessHandler;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

import dev.prism.platform.problem.ProblemDetails;
import dev.prism.platform.problem.ProblemResponseWriter;
import dev.prism.platform.request.EdgeOrder;
import dev.prism.platform.security.AttemptThrottles;
import dev.prism.platform.security.ProblemAccessDeniedHandler;
import dev.prism.platform.security.ProblemAuthenticationEntryPoint;

/**
 * Security of everything under {@code /web/}: a browser session (cookie HttpOnly and SameSite; Secure with the
 * {@code __Host-} name in prod) established by {@code POST /web/api/session}; CSRF protection with the
 * {@code XSRF-TOKEN} cookie echoed as {@code X-XSRF-TOKEN} on every state-changing request, login included; browsing
 * public, account and orders for logged-in users; CORS only for configured origins; strict security headers.
 */
@Configuration(proxyBeanMethods = false)
class WebSecurityConfiguration {

	@Bean
	WebLogin webLogin(WebProperties properties, AttemptThrottles throttles,
			@Value("${server.servlet.session.cookie.secure:false}") boolean secureCookies) {
		return new WebLogin(properties, WebLogin.csrfTokenRepository(secureCookies), throttles);
	}

	@Bean
	@Order(EdgeOrder.WEB_CHAIN)
	SecurityFilterChain webSecurity(HttpSecurity http, WebProperties properties, WebLogin login,
			ProblemResponseWriter writer, ObjectProvider<WebOidcConfiguration.WebOidc> oidcSessions,
			ObjectProvider<WebAuthorizationRequestCookies> authorizationRequests) {
		WebOidcConfiguration.WebOidc oidc = oidcSessions.getIfAvailable();
		if (oidc != null) {
			// OpenID Connect (authorization-code flow) when a provider is configured: the browser is sent to
			// /web/api/oauth2/authorization/{provider}, comes back to /web/api/oauth2/code/{provider}; tokens stay in
			// the server-side session, encrypted, the browser only ever holds the session cookie. Every API request of
			// such a session has a valid access token, refreshed ahead of its expiry.
			http.oauth2Login(oauth2 -> oauth2
				.authorizationEndpoint(endpoint -> endpoint.baseUri(WebOidcLogins.AUTHORIZATION_BASE_URI)
					.authorizationRequestResolver(oidc.logins().authorizationRequests())
					// in a cookie of its own, not the session: the provider's redirect back is a cross-site navigation,
					// which a SameSite=Strict session cookie does not come along on
					.authorizationRequestRepository(authorizationRequests.getObject()))
				.redirectionEndpoint(endpoint -> endpoint.baseUri("/web/api/oauth2/code/*"))
				.tokenEndpoint(endpoint -> endpoint.accessTokenResponseClient(oidc.authorizationCodeTokens()))
				.userInfoEndpoint(endpoint -> endpoint.oidcUserService(oidc.users()))
				.authorizedClientRepository(oidc.tokens())
				.successHandler(new SimpleUrlAuthenticationSuccessHandler("/"))
				.failureHandler((request, response, exception) -> writer.write(response,
						ProblemDetails.of(HttpStatus.UNAUTHORIZED, "oidc-login-failed", "Unauthorized",
								"The identity provider's login could not be completed."))))
				// As Spring Security's default (request attribute, then session), the session's without the ID token
				.securityContext(context -> context.securityContextRepository(new DelegatingSecurityContextRepository(
						new RequestAttributeSecurityContextRepository(), oidc.contexts())))
				.addFilterAfter(new WebTokenRefreshFilter(oidc.refresher(), oidc.logins(), login.csrfTokens(), writer),
						AuthorizationFilter.class);
		}
		return http.securityMatcher("/web/**")
			.authorizeHttpRequests(requests -> requests
				.requestMatchers(HttpMethod.GET, "/web/api/products", "/web/api/products/*", "/web/api/home",
						"/web/api/session", "/web/api/session/logins")
				.permitAll()
				.requestMatchers(HttpMethod.POST, "/web/api/session")
				.permitAll()
				.requestMatchers(HttpMethod.DELETE, "/web/api/session")
				.permitAll()
				.requestMatchers(HttpMethod.GET, "/web/api/oauth2/**")
				.permitAll()
				.anyRequest()
				.authenticated())
			.csrf(csrf -> csrf.csrfTokenRepository(login.csrfTokens())
				.csrfTokenRequestHandler(new WebCsrfTokenRequestHandler()))
			.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.IF_REQUIRED)
				.sessionFixation(fixation -> fixation.changeSessionId()))
			.requestCache(cache -> cache.disable())
			.formLogin(form -> form.disable())
			.httpBasic(basic -> basic.disable())
			.logout(logout -> logout.disable())
			.cors(cors -> cors.configurationSource(corsConfiguration(properties)))
			.headers(headers -> headers
				.contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'none'; frame-ancestors 'none'"))
				.frameOptions(frame -> frame.deny())
				.referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)))
			.exceptionHandling(exceptions -> exceptions
				.authenticationEntryPoint(new ProblemAuthenticationEntryPoint(writer, null,
						"Log in first: POST /web/api/session."))
				.accessDeniedHandler(new ProblemAccessDeniedHandler(writer)))
			.build();
	}

	private static UrlBasedCorsConfigurationSource corsConfiguration(WebProperties properties) {
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		if (!properties.cors().allowedOrigins().isEmpty()) {
			CorsConfiguration cors = new CorsConfiguration();
			cors.setAllowedOrigins(properties.cors().allowedOrigins());
			cors.setAllowedMethods(List.of("GET", "POST", "DELETE"));
			cors.setAllowedHeaders(List.of("Content-Type", "X-XSRF-TOKEN", "Idempotency-Key", "X-Request-Id"));
			cors.setExposedHeaders(List.of("X-Request-Id", "Idempotent-Replayed", "Retry-After"));
			cors.setAllowCredentials(true);
			cors.setMaxAge(600L);
			source.registerCorsConfiguration("/web/**", cors);
		}
		return source;
	}

}
