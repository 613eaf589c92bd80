package dev.prism.upstream;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.web.client.RestClient;

/**
 * What a channel's slice test takes of {@code upstream}'s identity side without the module: an identity-provider
 * client nobody calls, and credential modes in which no service sees the caller (every service {@code none}).
 */
public final class SliceIdentity {

	private SliceIdentity() {
	}

	public static IdentityProviderHttp identityProviderHttp(MeterRegistry meters) {
		return new IdentityProviderHttp(new IdentityHttpProperties(Duration.ofSeconds(1), Duration.ofSeconds(1), 1),
				RestClient.builder(), meters, "http.client.requests");
	}

	public static UpstreamCredentialModes noCallerTokens() {
		return new UpstreamCredentialModes(UpstreamCredentialModesTests.bind(java.util.Map.of()), null);
	}

}
