package dev.prism.upstream;

import dev.prism.platform.problem.UnprocessableRequestException;

import org.jspecify.annotations.Nullable;

/** An upstream service rejected the request as invalid (its 400/409/422), e.g. an order for an unknown sku. */
public class UpstreamRejectedException extends UnprocessableRequestException {

	public UpstreamRejectedException(String service, @Nullable String detail) {
		super("upstream-rejected", "Request rejected",
				detail != null && !detail.isBlank() ? detail : "The " + service + " service rejected the request.");
	}

}
