package dev.prism.platform;

import java.time.Duration;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.catalina.core.StandardHost;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.http.converter.autoconfigure.ServerHttpMessageConvertersCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.actuate.endpoint.web.AbstractWebMvcEndpointHandlerMapping;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.http.converter.xml.Jaxb2RootElementHttpMessageConverter;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.util.unit.DataSize;

/** Wires the platform's edge filters and writers. */
@Configuration(proxyBeanMethods = false)
class PlatformConfiguration {

	/** Just after the controllers' {@code RequestMappingHandlerMapping} (order 0). */
	static final int ACTUATOR_MAPPINGS_ORDER = 1;

	@Bean
	FilterRegistrationBean<CorrelationIdFilter> correlationIdFilter() {
		FilterRegistrationBean<CorrelationIdFilter> registration = new FilterRegistrationBean<>(
				new CorrelationIdFilter());
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		registration.setName("correlationIdFilter");
		return registration;
	}

	@Bean
	FilterRegistrationBean<WholeResponseFilter> wholeResponseFilter() {
		FilterRegistrationBean<WholeResponseFilter> registration = new FilterRegistrationBean<>(
				new WholeResponseFilter());
		registration.addUrlPatterns("/web/*", "/mobile/*", "/partner/*");
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		registration.setName("wholeResponseFilter");
		return registration;
	}

	@Bean
	FilterRegistrationBean<BodySizeLimitFilter> bodySizeLimitFilter(
			@Value("${prism.http.max-body-size:64KB}") DataSize maxBodySize, ProblemResponseWriter writer) {
		FilterRegistrationBean<BodySizeLimitFilter> registration = new FilterRegistrationBean<>(
				new BodySizeLimitFilter(maxBodySize, writer));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 3);
		registration.setName("bodySizeLimitFilter");
		return registration;
	}

	@Bean
	@Profile("distributed")
	FilterRegistrationBean<SharedStateFailureFilter> sharedStateFailureFilter(ProblemResponseWriter writer) {
		FilterRegistrationBean<SharedStateFailureFilter> registration = new FilterRegistrationBean<>(
				new SharedStateFailureFilter(writer));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
		registration.setName("sharedStateFailureFilter");
		return registration;
	}

	@Bean
	@ConditionalOnProperty(name = "prism.access-log.enabled", havingValue = "true", matchIfMissing = true)
	FilterRegistrationBean<AccessLogFilter> accessLogFilter() {
		FilterRegistrationBean<AccessLogFilter> registration = new FilterRegistrationBean<>(new AccessLogFilter());
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		registration.setName("accessLogFilter");
		return registration;
	}

	@Bean
	@Profile("prod")
	static ProductionSafetyCheck productionSafetyCheck(ConfigurableEnvironment environment) {
		return new ProductionSafetyCheck(environment);
	}

	/**
	 * Requests in flight per channel, read from the load-shedding permits: the gauge an operator needs, in place of the
	 * long-task timer Micrometer would otherwise start and stop for every observation (switched off in
	 * application.yml, {@code management.metrics.observations.ignored-meters}).
	 */
	@Bean
	MeterBinder channelInFlightGauges(ObjectProvider<FilterRegistrationBean<ChannelContextFilter>> channels) {
		return registry -> channels.orderedStream().forEach(registration -> {
			ChannelContextFilter filter = registration.getFilter();
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

	/** Tomcat's own error pages (requests rejected before any filter) become problem details too. */
	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReportValve() {
		return factory -> factory.addContextCustomizers(context -> {
			if (context.getParent() instanceof StandardHost host) {
				host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
			}
		});
	}

	/**
	 * The actuator's handler mappings asked after the channels' controllers instead of before them. Spring Boot orders
	 * them first, so every channel request was first matched against each actuator endpoint and missed — the Accept
	 * header parsed once per endpoint, then a search for partial matches to report: 9 % of the CPU of a partner request
	 * (bench/README.md). An actuator request now misses the controllers first, which is cheap (their paths are
	 * mostly literal), and no controller maps a path under {@code /actuator} (PlatformEdgeTests), so none can shadow
	 * an endpoint.
	 */
	@Bean
	static BeanPostProcessor actuatorMappingsAfterControllers() {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessBeforeInitialization(Object bean, String beanName) {
				if (bean instanceof AbstractWebMvcEndpointHandlerMapping mapping) {
					mapping.setOrder(ACTUATOR_MAPPINGS_ORDER);
				}
				return bean;
			}
		};
	}

	/**
	 * Spring MVC without its JAXB converter: Prism answers JSON only, and JAXB is on the class path for Ehcache's XML
	 * configuration alone. Left in, it was asked of every answer whether it could write it.
	 */
	@Bean
	ServerHttpMessageConvertersCustomizer withoutXmlConverter() {
		return builder -> builder.configureMessageConvertersList(
				converters -> converters.removeIf(Jaxb2RootElementHttpMessageConverter.class::isInstance));
	}

	@Bean
	AttemptThrottles attemptThrottles() {
		return new AttemptThrottles(java.time.Clock.systemUTC());
	}

	@Bean
	ProblemResponseWriter problemResponseWriter(JsonMapper jsonMapper) {
		return new ProblemResponseWriter(jsonMapper);
	}

	@Bean
	@Profile("!distributed")
	IdempotencyStore idempotencyStore() {
		return new InMemoryIdempotencyStore();
	}

	@Bean
	@Profile("distributed")
	IdempotencyStore redisIdempotencyStore(StringRedisTemplate redis, JsonMapper jsonMapper) {
		return new RedisIdempotencyStore(redis, jsonMapper);
	}

	@Bean
	IdempotentRequests idempotentRequests(IdempotencyStore store, JsonMapper jsonMapper,
			@Value("${prism.idempotency.ttl:24h}") Duration ttl) {
		return new IdempotentRequests(store, jsonMapper, ttl);
	}

}
