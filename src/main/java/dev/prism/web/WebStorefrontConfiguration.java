package dev.prism.web;

import java.net.URI;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Value;
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

	/**
	 * Where the storefront may load pictures from: its own origin, the catalog's (the embedded demo upstreams draw the
	 * product pictures themselves) and the contract's placeholder image host.
	 */
	static String imageSources(@Nullable String catalogBaseUrl) {
		StringBuilder sources = new StringBuilder("'self' https://img.example");
		if (catalogBaseUrl != null && !catalogBaseUrl.isBlank()) {
			URI catalog = URI.create(catalogBaseUrl.trim());
			if (catalog.getScheme() != null && catalog.getHost() != null) {
				sources.append(' ').append(catalog.getScheme()).append("://").append(catalog.getHost());
				if (catalog.getPort() >= 0) {
					sources.append(':').append(catalog.getPort());
				}
			}
		}
		return sources.toString();
	}

	@Bean
	@Order(EdgeOrder.STOREFRONT_CHAIN)
	SecurityFilterChain storefrontSecurity(HttpSecurity http,
			@Value("${prism.upstreams.catalog.base-url:}") @Nullable String catalogBaseUrl) {
		return http.securityMatcher("/", "/storefront/**", "/favicon.ico")
			.authorizeHttpRequests(requests -> requests.requestMatchers(HttpMethod.GET).permitAll().anyRequest().denyAll())
			.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.csrf(csrf -> csrf.disable())
			.headers(headers -> headers
				.contentSecurityPolicy(csp -> csp.policyDirectives(
						"default-src 'self'; img-src " + imageSources(catalogBaseUrl) + "; frame-ancestors 'none'"))
				.frameOptions(frame -> frame.deny()))
			.build();
	}

}
