package dev.prism.web;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.prism.platform.request.CallerTokenFilter;
import dev.prism.platform.request.ChannelContextFilter;
import dev.prism.upstream.UpstreamCredentialModes;
import dev.prism.platform.problem.ProblemResponseWriter;

/**
 * The web channel's request context: its deadline and channel tag for every request under {@code /web/}, and the
 * OpenID Connect session's access token for the upstreams that see the user.
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration {

	@Bean
	FilterRegistrationBean<ChannelContextFilter> webChannelContextFilter(WebProperties properties,
			ProblemResponseWriter writer) {
		return ChannelContextFilter.registration("web", properties.deadline(), properties.maxConcurrentRequests(),
				writer);
	}

	/** Only when some upstream sees the caller's token: otherwise one filter fewer on every request. */
	@Bean
	FilterRegistrationBean<CallerTokenFilter> webCallerTokenFilter(UpstreamCredentialModes modes) {
		FilterRegistrationBean<CallerTokenFilter> registration = CallerTokenFilter.registration("web",
				new WebCallerTokens());
		registration.setEnabled(!modes.callerTokenServices().isEmpty());
		return registration;
	}

}
