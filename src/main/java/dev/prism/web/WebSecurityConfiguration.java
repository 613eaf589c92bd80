package dev.prism.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

import dev.prism.platform.ProblemAccessDeniedHandler;
import dev.prism.platform.ProblemAuthenticationEntryPoint;
import dev.prism.platform.ProblemResponseWriter;

/** Security of everything under {@code /web/}: browsing is public, the account and orders need a session. */
@Configuration(proxyBeanMethods = false)
class WebSecurityConfiguration {

	@Bean
	@Order(10)
	SecurityFilterChain webSecurity(HttpSecurity http, ProblemResponseWriter writer) {
		return http.securityMatcher("/web/**")
			.authorizeHttpRequests(requests -> requests.requestMatchers(HttpMethod.GET, "/web/api/products",
					"/web/api/products/*", "/web/api/home")
				.permitAll()
				.anyRequest()
				.authenticated())
			.exceptionHandling(exceptions -> exceptions
				.authenticationEntryPoint(new ProblemAuthenticationEntryPoint(writer, null,
						"Log in first: POST /web/api/session."))
				.accessDeniedHandler(new ProblemAccessDeniedHandler(writer)))
			.build();
	}

}
