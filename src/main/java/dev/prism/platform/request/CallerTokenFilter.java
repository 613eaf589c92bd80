package dev.prism.platform.request;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Puts the caller's token into the {@link RequestContext} once, on the request thread, after security: from there it
 * travels with the context to fan-out threads, where Spring's request and security holders are empty.
 */
public final class CallerTokenFilter extends OncePerRequestFilter {

	private final CallerTokenResolver resolver;

	private CallerTokenFilter(CallerTokenResolver resolver) {
		this.resolver = resolver;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		CallerToken token = this.resolver.resolve(request);
		if (token == null) {
			chain.doFilter(request, response);
			return;
		}
		try (RequestContext.Scope scope = RequestContext.current().withCaller(token).open()) {
			chain.doFilter(request, response);
		}
	}

	/** The filter of one channel, for its path prefix {@code /<channel>/*}, just after Spring Security's chain. */
	public static FilterRegistrationBean<CallerTokenFilter> registration(String channel, CallerTokenResolver resolver) {
		FilterRegistrationBean<CallerTokenFilter> registration = new FilterRegistrationBean<>(
				new CallerTokenFilter(resolver));
		registration.addUrlPatterns("/" + channel + "/*");
		registration.setOrder(EdgeOrder.CALLER_TOKEN_FILTER);
		registration.setName(channel + "CallerTokenFilter");
		return registration;
	}

}
