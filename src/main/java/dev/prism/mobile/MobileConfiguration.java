package dev.prism.mobile;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.ShallowEtagHeaderFilter;

import dev.prism.platform.problem.ProblemResponseWriter;
import dev.prism.platform.request.CallerTokenFilter;
import dev.prism.platform.request.ChannelContextFilter;
import dev.prism.platform.request.EdgeOrder;
import dev.prism.upstream.UpstreamCredentialModes;

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

	/** The app's token for the upstreams that see the user; only when there are such upstreams. */
	@Bean
	FilterRegistrationBean<CallerTokenFilter> mobileCallerTokenFilter(UpstreamCredentialModes modes) {
		FilterRegistrationBean<CallerTokenFilter> registration = CallerTokenFilter.registration("mobile",
				new MobileCallerTokens());
		registration.setEnabled(!modes.callerTokenServices().isEmpty());
		return registration;
	}

	@Bean
	FilterRegistrationBean<MobileAppVersionFilter> mobileAppVersionFilter(MobileProperties properties,
			ProblemResponseWriter writer) {
		FilterRegistrationBean<MobileAppVersionFilter> registration = new FilterRegistrationBean<>(
				new MobileAppVersionFilter(properties.minAppVersion(), writer));
		registration.addUrlPatterns("/mobile/*");
		registration.setOrder(EdgeOrder.MOBILE_APP_VERSION_FILTER);
		registration.setName("mobileAppVersionFilter");
		return registration;
	}

	@Bean
	FilterRegistrationBean<ShallowEtagHeaderFilter> mobileEtagFilter() {
		ShallowEtagHeaderFilter etags = new ShallowEtagHeaderFilter();
		etags.setWriteWeakETag(true);
		FilterRegistrationBean<ShallowEtagHeaderFilter> registration = new FilterRegistrationBean<>(etags);
		registration.addUrlPatterns("/mobile/api/*");
		registration.setOrder(EdgeOrder.MOBILE_ETAG_FILTER);
		registration.setName("mobileEtagFilter");
		return registration;
	}

}
