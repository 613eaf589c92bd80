package dev.prism.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import dev.prism.platform.request.EdgeOrder;

/**
 * Demo only: a small storefront (plain HTML and JavaScript, no build chain) at {@code /} that uses {@code /web/api}
 * exactly as a real single-page app would. Static files, public, with a CSP that allows only its own scripts.
 */
@Configuration(proxyBeanMethods = false)
@Profile("demo")
class WebStorefrontConfiguration implements WebMvcConfigurer {

	@Override
	public void addResourceHandlers(ResourceHandlerRegistry registry) {
		registry.addResourceHandler("/storefront/**").addResourceLocations("classpath:/storefront/");
	}

	@Override
	public void addViewControllers(ViewControllerRegistry registry) {
		registry.addRedirectViewController("/", "/storefront/index.html");
	}

	@Bean
	@Order(EdgeOrder.STOREFRONT_CHAIN)
	SecurityFilterChain storefrontSecurity(HttpSecurity http) {
		return http.securityMatcher("/", "/storefront/**", "/favicon.ico")
			.authorizeHttpRequests(requests -> requests.requestMatchers(HttpMethod.GET).permitAll().anyRequest().denyAll())
			.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf(csrf -> csrf.disable())
			.headers(headers -> headers
				.contentSecurityPolicy(csp -> csp.policyDirectives(
						"default-src 'self'; img-src 'self' https://img.example; frame-ancestors 'none'"))
				.frameOptions(frame -> frame.deny()))
			.build();
	}

}
