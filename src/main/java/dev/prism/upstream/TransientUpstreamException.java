package dev.prism.upstream;

/**
 * A failure worth retrying: a connection refused or reset, or a 502/503/504. Other failures (4xx, 500, malformed
 * answers) are final.
 */
class TransientUpstreamException extends UpstreamUnavailableException {

	TransientUpstreamException(String service, Throwable cause) {
		super(service, null, cause);
	}

}
