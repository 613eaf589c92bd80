package dev.prism.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;

/** The start-up check of {@code prism.upstreams.<name>.auth.*}: each mode finds the registration and grant it needs. */
class UpstreamCredentialModesTests {

	static final InMemoryClientRegistrationRepository registrations = new InMemoryClientRegistrationRepository(
			registration("service", AuthorizationGrantType.CLIENT_CREDENTIALS),
			registration("exchange", AuthorizationGrantType.TOKEN_EXCHANGE),
			registration("login", AuthorizationGrantType.AUTHORIZATION_CODE));

	@Test
	void theModeDefaultsToStaticWithATokenAndToNoneWithout() {
		UpstreamProperties properties = bind(Map.of("pricing.token", "t"));
		assertThat(properties.service("pricing").authMode()).isEqualTo(UpstreamProperties.AuthMode.STATIC);
		assertThat(properties.service("catalog").authMode()).isEqualTo(UpstreamProperties.AuthMode.NONE);
		assertThat(new UpstreamCredentialModes(properties, null).callerTokenServices()).isEmpty();
	}

	@Test
	void servicesThatSeeTheCallerAreNamed() {
		UpstreamProperties properties = bind(Map.of("customers.auth.mode", "user", "orders.auth.mode",
				"token-exchange", "orders.auth.registration-id", "exchange", "orders.auth.audience", "orders",
				"catalog.auth.mode", "client-credentials", "catalog.auth.registration-id", "service"));

		assertThat(new UpstreamCredentialModes(properties, registrations).callerTokenServices())
			.containsExactlyInAnyOrder("customers", "orders");
	}

	@Test
	void aMisconfiguredModeRefusesToStartNamingTheKey() {
		assertThatThrownBy(() -> new UpstreamCredentialModes(bind(Map.of("catalog.auth.mode", "client-credentials")),
				registrations))
			.hasMessageContaining("prism.upstreams.catalog.auth.registration-id is required");
		assertThatThrownBy(() -> new UpstreamCredentialModes(bind(Map.of("catalog.auth.mode", "client-credentials",
				"catalog.auth.registration-id", "nowhere")), registrations))
			.hasMessageContaining("names no registration");
		assertThatThrownBy(() -> new UpstreamCredentialModes(bind(Map.of("catalog.auth.mode", "client-credentials",
				"catalog.auth.registration-id", "login")), registrations))
			.hasMessageContaining("must be a client_credentials registration, not authorization_code");
		assertThatThrownBy(() -> new UpstreamCredentialModes(bind(Map.of("orders.auth.mode", "token-exchange",
				"orders.auth.registration-id", "service")), registrations))
			.hasMessageContaining("must be a urn:ietf:params:oauth:grant-type:token-exchange registration");
		assertThatThrownBy(() -> new UpstreamCredentialModes(bind(Map.of("customers.auth.mode", "user",
				"customers.auth.service-registration-id", "exchange")), registrations))
			.hasMessageContaining("customers.auth.service-registration-id=exchange must be a client_credentials");
		assertThatThrownBy(() -> new UpstreamCredentialModes(bind(Map.of("pricing.auth.mode", "static")), null))
			.hasMessageContaining("prism.upstreams.pricing.token is required");
	}

	@Test
	void aServiceThatSeesTheCallerIsNotCachedAcrossCallersUnlessShared() throws Exception {
		try (UpstreamTestKit kit = UpstreamTestKit.of("http://127.0.0.1:1", "reviews.cache.ttl", "60s",
				"reviews.auth.mode", "user", "catalog.cache.ttl", "60s", "catalog.auth.mode", "user",
				"catalog.cache.shared", "true", "pricing.cache.ttl", "60s")) {
			assertThat(kit.connections.cache("reviews")).isSameAs(UpstreamCache.passThrough());
			assertThat(kit.connections.cache("catalog")).isInstanceOf(StaleIfErrorCache.class);
			assertThat(kit.connections.cache("pricing")).isInstanceOf(StaleIfErrorCache.class);
		}
	}

	static UpstreamProperties bind(Map<String, String> overrides) {
		Map<String, String> source = new HashMap<>();
		for (String service : new String[] { "catalog", "pricing", "inventory", "reviews", "recommendations",
				"customers", "orders" }) {
			source.put("prism.upstreams." + service + ".base-url", "http://127.0.0.1:1/" + service);
		}
		overrides.forEach((key, value) -> source.put("prism.upstreams." + key, value));
		return new Binder(new MapConfigurationPropertySource(source)).bind("prism.upstreams", UpstreamProperties.class)
			.get();
	}

	static ClientRegistration registration(String id, AuthorizationGrantType grant) {
		ClientRegistration.Builder builder = ClientRegistration.withRegistrationId(id)
			.clientId("prism")
			.clientSecret("secret")
			.authorizationGrantType(grant)
			.tokenUri("http://127.0.0.1:1/token");
		if (AuthorizationGrantType.AUTHORIZATION_CODE.equals(grant)) {
			builder.authorizationUri("http://127.0.0.1:1/authorize").redirectUri("{baseUrl}/login/oauth2/code/{registrationId}");
		}
		return builder.build();
	}

}
