package dev.prism.testing;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;

import dev.prism.platform.problem.ProblemResponseWriter;
import dev.prism.platform.request.CorrelationIdFilter;
import dev.prism.platform.request.EdgeOrder;
import dev.prism.platform.security.AttemptThrottles;
import dev.prism.upstream.DirectFanOut;
import dev.prism.upstream.IdentityProviderHttp;
import dev.prism.upstream.IdentityProviderKeys;
import dev.prism.upstream.SliceIdentity;
import dev.prism.upstream.UpstreamCredentialModes;
import dev.prism.upstream.FanOut;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a channel's {@code @WebMvcTest} slice takes from {@code platform} and {@code upstream} besides the mocked
 * clients: the problem writer and attempt throttles its security chain uses, the correlation id every answer of the
 * contract carries, a meter registry, and a {@link FanOut} that runs each branch on the calling thread. Imported by
 * the slices; not annotated as a configuration, so that component scanning of {@code dev.prism} leaves it alone.
 */
public class ChannelSliceConfiguration {

	@Bean
	ProblemResponseWriter problemResponseWriter(JsonMapper jsonMapper) {
		return new ProblemResponseWriter(jsonMapper);
	}

	@Bean
	AttemptThrottles attemptThrottles() {
		return new AttemptThrottles(Clock.systemUTC());
	}

	@Bean
	FilterRegistrationBean<CorrelationIdFilter> correlationIdFilter() {
		FilterRegistrationBean<CorrelationIdFilter> registration = new FilterRegistrationBean<>(
				new CorrelationIdFilter());
		registration.setOrder(EdgeOrder.CORRELATION_ID_FILTER);
		return registration;
	}

	@Bean
	MeterRegistry meterRegistry() {
		return new SimpleMeterRegistry();
	}

	@Bean
	FanOut fanOut() {
		return DirectFanOut.create();
	}

	@Bean(destroyMethod = "close")
	IdentityProviderHttp identityProviderHttp(MeterRegistry meters) {
		return SliceIdentity.identityProviderHttp(meters);
	}

	@Bean
	IdentityProviderKeys identityProviderKeys(IdentityProviderHttp identity) {
		return new IdentityProviderKeys(identity.jwkSets(), java.time.Clock.systemUTC());
	}

	@Bean
	UpstreamCredentialModes upstreamCredentialModes() {
		return SliceIdentity.noCallerTokens();
	}

}
