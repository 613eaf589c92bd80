package dev.prism.platform.request;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

import org.springframework.http.server.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.observation.ServerRequestObservationContext;

/** Tags every server request metric and trace with the channel that served it ({@code channel=web|mobile|partner|none}). */
class ChannelObservationConvention extends DefaultServerRequestObservationConvention {

	@Override
	public KeyValues getLowCardinalityKeyValues(ServerRequestObservationContext context) {
		return super.getLowCardinalityKeyValues(context)
			.and(KeyValue.of("channel", Channels.ofPath(context.getCarrier() != null ? context.getCarrier().getRequestURI() : null)));
	}

}
