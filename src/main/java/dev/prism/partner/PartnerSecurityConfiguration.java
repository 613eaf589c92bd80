package dev.prism.partner;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

import dev.prism.platform.problem.ProblemResponseWriter;
import dev.prism.platform.request.EdgeOrder;
import dev.prism.platform.security.AttemptThrottle;
import dev.prism.platform.security.AttemptThrottles;
import dev.prism.platform.security.ProblemAccessDeniedHandler;
import dev.prism.platform.security.ProblemAuthenticationEntryPoint;
import dev.prism.platform.security.StatelessApiSecurity;

/**
 * Security of everything under {@code /partner/}: API keys with scopes, stateless, with per-partner quotas.
 * {@code catalog:read} opens products and availability, {@code orders:write} opens orders.
 */
@Configuration(proxyBeanMethods = false)
class PartnerSecurityConfiguration {

	@Bean
	@Order(EdgeOrder.PARTNER_CHAIN)
	SecurityFilterChain partnerSecurity(HttpSecurity http, PartnerProperties properties, PartnerQuota quota,
			ProblemResponseWriter writer, AttemptThrottles throttles) {
		AttemptThrottle badKeys = throttles.create("partner.bad-keys", properties.badKeys().maxFailures(),
				properties.badKeys().window(), 100_000);
		StatelessApiSecurity.apply(http);
		return http.securityMatcher("/partner/**")
			.addFilterBefore(new PartnerApiKeyFilter(properties.clients(), badKeys, writer),
					AnonymousAuthenticationFilter.class)
			.addFilterBefore(new PartnerQuotaFilter(quota, writer), AuthorizationFilter.class)
			.authorizeHttpRequests(requests -> requests
				.requestMatchers(HttpMethod.GET, "/partner/api/v1/products", "/partner/api/v1/products/*",
						"/partner/api/v1/availability", "/partner/api/v1/stock")
				.hasAuthority("SCOPE_catalog:read")
				.requestMatchers("/partner/api/v1/orders", "/partner/api/v1/orders/*")
				.hasAuthority("SCOPE_orders:write")
				.anyRequest()
				.denyAll())
			.exceptionHandling(exceptions -> exceptions
				.authenticationEntryPoint(new ProblemAuthenticationEntryPoint(writer, "ApiKey header=\"X-Api-Key\"",
						"Send a valid partner API key in the X-Api-Key header."))
				.accessDeniedHandler(new ProblemAccessDeniedHandler(writer)))
			.build();
	}

}
