package dev.prism.partner;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import dev.prism.platform.request.ChannelContextFilter;
import dev.prism.platform.problem.ProblemResponseWriter;

/** The partner channel's request context, quota store and deprecation headers. */
@Configuration(proxyBeanMethods = false)
class PartnerConfiguration implements WebMvcConfigurer {

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new PartnerDeprecationInterceptor()).addPathPatterns("/partner/**");
	}

	@Bean
	FilterRegistrationBean<ChannelContextFilter> partnerChannelContextFilter(PartnerProperties properties,
			ProblemResponseWriter writer) {
		return ChannelContextFilter.registration("partner", properties.deadline(), properties.maxConcurrentRequests(),
				writer);
	}

	@Bean
	@Profile("!distributed")
	PartnerQuota partnerQuota() {
		return new InMemoryPartnerQuota();
	}

	/** Through Spring Boot's Redis client, so {@code spring.data.redis.*} (password, SSL, ...) applies. */
	@Bean
	@Profile("distributed")
	PartnerQuota redisPartnerQuota(LettuceConnectionFactory redis, MeterRegistry meters) {
		return new RedisPartnerQuota(redis, meters);
	}

}
