package dev.prism.mobile;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.ShallowEtagHeaderFilter;

import dev.prism.platform.ChannelContextFilter;
import dev.prism.platform.ProblemResponseWriter;

/**
 * The mobile channel's filters: request context (deadline, channel), the minimum app version gate (before
 * authentication, so an outdated app always learns it must upgrade), and weak ETags with {@code If-None-Match} -> 304
 * (weak, so gzip does not invalidate them).
 */
@Configuration(proxyBeanMethods = false)
class MobileConfiguration {

	@Bean
	FilterRegistrationBean<ChannelContextFilter> mobileChannelContextFilter(MobileProperties properties,
			ProblemResponseWriter writer) {
		return ChannelContextFilter.registration("mobile", properties.deadline(), properties.maxConcurrentRequests(),
				writer);
	}

	@Bean
	FilterRegistrationBean<MobileAppVersionFilter> mobileAppVersionFilter(MobileProperties properties,
			ProblemResponseWriter writer) {
		FilterRegistrationBean<MobileAppVersionFilter> registration = new FilterRegistrationBean<>(
				new MobileAppVersionFilter(properties.minAppVersion(), writer));
		registration.addUrlPatterns("/mobile/*");
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
		registration.setName("mobileAppVersionFilter");
		return registration;
	}

	@Bean
	FilterRegistrationBean<ShallowEtagHeaderFilter> mobileEtagFilter() {
		ShallowEtagHeaderFilter etags = new ShallowEtagHeaderFilter();
		etags.setWriteWeakETag(true);
		FilterRegistrationBean<ShallowEtagHeaderFilter> registration = new FilterRegistrationBean<>(etags);
		registration.addUrlPatterns("/mobile/api/*");
		registration.setOrder(Ordered.LOWEST_PRECEDENCE - 100);
		registration.setName("mobileEtagFilter");
		return registration;
	}

}
