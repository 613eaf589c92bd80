package dev.prism.upstream;

import java.net.URI;

import io.micrometer.common.KeyValue;

import org.springframework.http.client.observation.ClientHttpObservationDocumentation;
import org.springframework.http.client.observation.ClientRequestObservationContext;
import org.springframework.http.client.observation.DefaultClientRequestObservationConvention;

/**
 * {@code http.client.requests} tagged as Spring tags it, except that {@code client.name} (the service's host) is
 * taken from the base URL once (bench/README.md, tuning notes).
 */
final class ServiceObservationConvention extends DefaultClientRequestObservationConvention {

	private final KeyValue clientName;

	ServiceObservationConvention(String name, URI baseUrl) {
		super(name);
		this.clientName = KeyValue.of(ClientHttpObservationDocumentation.LowCardinalityKeyNames.CLIENT_NAME,
				baseUrl.getHost() != null ? baseUrl.getHost() : KeyValue.NONE_VALUE);
	}

	@Override
	protected KeyValue clientName(ClientRequestObservationContext context) {
		return this.clientName;
	}

}
