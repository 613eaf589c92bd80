package dev.prism.platform.request;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.http.converter.autoconfigure.ServerHttpMessageConvertersCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.actuate.endpoint.web.AbstractWebMvcEndpointHandlerMapping;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.http.converter.xml.Jaxb2RootElementHttpMessageConverter;
import org.springframework.util.unit.DataSize;

import dev.prism.platform.problem.ProblemResponseWriter;

/** The request filters every channel shares, in the order of {@link EdgeOrder}, and the per-channel gauges. */
@Configuration(proxyBeanMethods = false)
class RequestConfiguration {

	@Bean
	FilterRegistrationBean<CorrelationIdFilter> correlationIdFilter() {
		return registration("correlationIdFilter", new CorrelationIdFilter(), EdgeOrder.CORRELATION_ID_FILTER);
	}

	@Bean
	FilterRegistrationBean<WholeResponseFilter> wholeResponseFilter() {
		FilterRegistrationBean<WholeResponseFilter> registration = registration("wholeResponseFilter",
				new WholeResponseFilter(), EdgeOrder.WHOLE_RESPONSE_FILTER);
		registration.addUrlPatterns(Channels.PATH_PATTERNS);
		return registration;
	}

	@Bean
	FilterRegistrationBean<BodySizeLimitFilter> bodySizeLimitFilter(
			@Value("${prism.http.max-body-size:64KB}") DataSize maxBodySize, ProblemResponseWriter writer) {
		return registration("bodySizeLimitFilter", new BodySizeLimitFilter(maxBodySize, writer),
				EdgeOrder.BODY_SIZE_LIMIT_FILTER);
	}

	@Bean
	@Profile("distributed")
	FilterRegistrationBean<SharedStateFailureFilter> sharedStateFailureFilter(ProblemResponseWriter writer) {
		return registration("sharedStateFailureFilter", new SharedStateFailureFilter(writer),
				EdgeOrder.SHARED_STATE_FAILURE_FILTER);
	}

	@Bean
	@ConditionalOnProperty(name = "prism.access-log.enabled", havingValue = "true", matchIfMissing = true)
	FilterRegistrationBean<AccessLogFilter> accessLogFilter() {
		return registration("accessLogFilter", new AccessLogFilter(), EdgeOrder.ACCESS_LOG_FILTER);
	}

	/**
	 * Requests in flight per channel, read from the load-shedding permits, in place of the long-task timer Micrometer
	 * would otherwise start and stop for every observation (off in application.yml).
	 */
	@Bean
	MeterBinder channelInFlightGauges(ObjectProvider<FilterRegistrationBean<ChannelContextFilter>> channels) {
		return registry -> channels.orderedStream().forEach(registration -> {
			ChannelContextFilter filter = java.util.Objects.requireNonNull(registration.getFilter());
			Gauge.builder("prism.channel.requests.in-flight", filter, ChannelContextFilter::inFlight)
				.description("Requests of one channel in flight, at most prism.<channel>.max-concurrent-requests")
				.tag("channel", filter.channel())
				.register(registry);
		});
	}

	@Bean
	ChannelObservationConvention channelObservationConvention() {
		return new ChannelObservationConvention();
	}

	/**
	 * The actuator's handler mappings asked after the channels' controllers instead of before them (bench/README.md);
	 * no controller maps a path under {@code /actuator} (PlatformTuningTests), so none can shadow an endpoint.
	 */
	@Bean
	static BeanPostProcessor actuatorMappingsAfterControllers() {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessBeforeInitialization(Object bean, String beanName) {
				if (bean instanceof AbstractWebMvcEndpointHandlerMapping mapping) {
					mapping.setOrder(EdgeOrder.ACTUATOR_MAPPINGS);
				}
				return bean;
			}
		};
	}

	/** Spring MVC without its JAXB converter: Prism answers JSON only (bench/README.md). */
	@Bean
	ServerHttpMessageConvertersCustomizer withoutXmlConverter() {
		return builder -> builder.configureMessageConvertersList(
				converters -> converters.removeIf(Jaxb2RootElementHttpMessageConverter.class::isInstance));
	}

	static <F extends jakarta.servlet.Filter> FilterRegistrationBean<F> registration(String name, F filter,
			int order) {
		FilterRegistrationBean<F> registration = new FilterRegistrationBean<>(filter);
		registration.setOrder(order);
		registration.setName(name);
		return registration;
	}

}
