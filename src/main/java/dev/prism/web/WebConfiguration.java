package dev.prism.web;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import dev.prism.platform.ChannelContextFilter;

/** The web channel's request context: its deadline and channel tag for every request under {@code /web/}. */
@Configuration(proxyBeanMethods = false)
class WebConfiguration {

	@Bean
	FilterRegistrationBean<ChannelContextFilter> webChannelContextFilter(WebProperties properties) {
		FilterRegistrationBean<ChannelContextFilter> registration = new FilterRegistrationBean<>(
				new ChannelContextFilter("web", properties.deadline()));
		registration.addUrlPatterns("/web/*");
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
		registration.setName("webChannelContextFilter");
		return registration;
	}

}
