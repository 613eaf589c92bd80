package dev.prism.platform.security;

import java.time.Duration;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedHandler;

import dev.prism.platform.problem.ProblemDetails;
import dev.prism.platform.problem.ProblemResponseWriter;
import dev.prism.platform.request.EdgeOrder;

/**
 * Security for everything that is not a channel: the actuator (health and info public, the rest for the admin over
 * HTTP Basic) and a last chain that opens the public documentation and closes every other path. Channels bring their
 * own chains for their prefixes, ordered before these.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class PlatformSecurityConfiguration {

	/**
	 * Authentications stay observed, but neither every filter of every chain nor every authorization (bench/README.md,
	 * tuning notes).
	 */
	@Bean
	static SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.withDefaults()
			.shouldObserveRequests(false)
			.shouldObserveAuthorizations(false)
			.build();
	}

	@Bean
	@Order(EdgeOrder.ACTUATOR_CHAIN)
	SecurityFilterChain actuatorSecurity(HttpSecurity http, AdminProperties admin, ProblemResponseWriter writer,
			AttemptThrottles throttles) {
		InMemoryUserDetailsManager admins = new InMemoryUserDetailsManager(
				User.withUsername(admin.username()).password(admin.passwordHash()).roles("ADMIN").build());
		AdminAuthentication authentication = new AdminAuthentication(new DaoAuthenticationProvider(admins),
				throttles.create("admin.login.address", admin.login().maxFailures(), admin.login().window(), 100_000),
				throttles.remembered("admin.verified", Authentication.class, 100, Duration.ofMinutes(5)));
		return http.securityMatcher("/actuator/**")
			.authorizeHttpRequests(requests -> requests
				.requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info")
				.permitAll()
				.anyRequest()
				.hasRole("ADMIN"))
			.authenticationManager(new ProviderManager(authentication))
			.httpBasic(basic -> basic.authenticationEntryPoint(
					new ProblemAuthenticationEntryPoint(writer, "Basic realm=\"prism-admin\"",
							"Actuator endpoints other than health and info need the admin identity.")))
			.exceptionHandling(exceptions -> exceptions.accessDeniedHandler(new ProblemAccessDeniedHandler(writer)))
			.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf(csrf -> csrf.disable())
			.requestCache(cache -> cache.disable())
			.build();
	}

	@Bean
	@Order(EdgeOrder.FALLBACK_CHAIN)
	SecurityFilterChain fallbackSecurity(HttpSecurity http, ProblemResponseWriter writer) {
		return http
			.authorizeHttpRequests(requests -> requests
				.requestMatchers("/error", "/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml", "/v3/api-docs.yaml/**", "/swagger-ui.html",
						"/swagger-ui/**")
				.permitAll()
				.anyRequest()
				.denyAll())
			.exceptionHandling(exceptions -> exceptions
				.authenticationEntryPoint(new ProblemAuthenticationEntryPoint(writer, null,
						"This path is not open. Channels live under /web/api, /mobile/api and /partner/api/v1."))
				.accessDeniedHandler(new ProblemAccessDeniedHandler(writer)))
			.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf(csrf -> csrf.disable())
			.requestCache(cache -> cache.disable())
			.anonymous(Customizer.withDefaults())
			.build();
	}

	/** Spring Security's strict firewall, its character rules checked without a regular expression per header read. */
	@Bean
	static HttpFirewall httpFirewall() {
		return FirewallRules.strictFirewall();
	}

	/** Requests Spring Security's firewall rejects (encoded slashes, path traversal...) get a 400 problem detail. */
	@Bean
	RequestRejectedHandler requestRejectedHandler(ProblemResponseWriter writer) {
		return (request, response, rejected) -> writer.write(response, ProblemDetails.of(HttpStatus.BAD_REQUEST,
				"invalid-request", "Invalid request", "The request URL or headers are not allowed."));
	}

}
