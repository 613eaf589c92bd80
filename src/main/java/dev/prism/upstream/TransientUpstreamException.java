package dev.prism.upstream;

import org.jspecify.annotations.Nullable;

/**
 * A failure worth retrying: a connection refused or reset, or a 502/503/504. Other failures (4xx, 500, malformed
 * answers) are final.
 */
class TransientUpstreamException extends UpstreamUnavailableException {

	TransientUpstreamException(String service, @Nullable Throwable cause) {
		super(service, null, cause);
	}

}
