package dev.prism.upstream;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;

/**
 * Which credential each domain service sees ({@code prism.upstreams.<name>.auth.*}), checked at start-up: every
 * registration a mode names exists with the grant the mode needs. The channels ask it which services see the
 * caller's own token (the mobile channel then requires tokens an upstream can verify).
 */
public final class UpstreamCredentialModes {

	private final Set<String> callerTokenServices;

	UpstreamCredentialModes(UpstreamProperties properties, @Nullable ClientRegistrationRepository registrations) {
		List<String> problems = new ArrayList<>();
		Set<String> followers = new TreeSet<>();
		for (Map.Entry<String, UpstreamProperties.Service> entry : properties.byName().entrySet()) {
			String name = entry.getKey();
			UpstreamProperties.Service service = entry.getValue();
			UpstreamProperties.Auth auth = service.auth();
			String prefix = "prism.upstreams." + name + ".auth.";
			switch (service.authMode()) {
				case NONE -> {
				}
				case STATIC -> {
					if (service.token() == null || service.token().isBlank()) {
						problems.add("prism.upstreams." + name + ".token is required by auth.mode static");
					}
				}
				case CLIENT_CREDENTIALS -> check(problems, prefix + "registration-id", auth.registrationId(),
						AuthorizationGrantType.CLIENT_CREDENTIALS, registrations);
				case USER -> {
					followers.add(name);
					checkServiceIdentity(problems, prefix, auth, registrations);
				}
				case TOKEN_EXCHANGE -> {
					followers.add(name);
					check(problems, prefix + "registration-id", auth.registrationId(),
							AuthorizationGrantType.TOKEN_EXCHANGE, registrations);
					checkServiceIdentity(problems, prefix, auth, registrations);
				}
			}
		}
		if (!problems.isEmpty()) {
			throw new IllegalStateException("Upstream credentials are misconfigured: " + String.join("; ", problems));
		}
		this.callerTokenServices = Set.copyOf(followers);
	}

	/** The services in {@code user} or {@code token-exchange} mode, which see the caller's token or its exchange. */
	public Set<String> callerTokenServices() {
		return this.callerTokenServices;
	}

	private static void checkServiceIdentity(List<String> problems, String prefix, UpstreamProperties.Auth auth,
			@Nullable ClientRegistrationRepository registrations) {
		if (auth.serviceRegistrationId() != null) {
			check(problems, prefix + "service-registration-id", auth.serviceRegistrationId(),
					AuthorizationGrantType.CLIENT_CREDENTIALS, registrations);
		}
	}

	private static void check(List<String> problems, String key, @Nullable String registrationId,
			AuthorizationGrantType grant, @Nullable ClientRegistrationRepository registrations) {
		if (registrationId == null || registrationId.isBlank()) {
			problems.add(key + " is required by its mode");
			return;
		}
		ClientRegistration registration = registrations != null ? registrations.findByRegistrationId(registrationId)
				: null;
		if (registration == null) {
			problems.add(key + "=" + registrationId + " names no registration (spring.security.oauth2.client.registration."
					+ registrationId + ".*)");
		}
		else if (!grant.equals(registration.getAuthorizationGrantType())) {
			problems.add(key + "=" + registrationId + " must be a " + grant.getValue() + " registration, not "
					+ registration.getAuthorizationGrantType().getValue());
		}
	}

}
