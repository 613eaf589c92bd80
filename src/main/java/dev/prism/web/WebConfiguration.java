package dev.prism.web;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.prism.platform.request.ChannelContextFilter;
import dev.prism.platform.problem.ProblemResponseWriter;

/** The web channel's request context: its deadline and channel tag for every request under {@code /web/}. */
@Configuration(proxyBeanMethods = false)
class WebConfiguration {

	@Bean
	FilterRegistrationBean<ChannelContextFilter> webChannelContextFilter(WebProperties properties,
			ProblemResponseWriter writer) {
		return ChannelContextFilter.registration("web", properties.deadline(), properties.maxConcurrentRequests(),
				writer);
	}

}
