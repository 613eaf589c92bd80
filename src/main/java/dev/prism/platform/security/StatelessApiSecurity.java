package dev.prism.platform.security;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;

/**
 * What a stateless API channel's security chain leaves out: the security context lives in the request only, so there
 * is no session to manage or protect (no session-fixation filter), no anonymous principal (an unauthenticated request
 * is refused by the entry point all the same), no CSRF token or saved request (no cookies, no login redirect), no
 * logout endpoint and no servlet-API wrapper (controllers take the principal from the security context). Every
 * filter left out is work saved on every request.
 */
public final class StatelessApiSecurity {

	private StatelessApiSecurity() {
	}

	/** Leaves all of that out of the chain {@code http} builds. */
	public static void apply(HttpSecurity http) {
		http
			.securityContext(context -> context.securityContextRepository(new RequestAttributeSecurityContextRepository()))
			.sessionManagement(session -> session.disable())
			.anonymous(anonymous -> anonymous.disable())
			.csrf(csrf -> csrf.disable())
			.requestCache(cache -> cache.disable())
			.logout(logout -> logout.disable())
			.servletApi(servletApi -> servletApi.disable());
	}

}
