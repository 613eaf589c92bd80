package dev.prism.demo.identity;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.env.Environment;

/**
 * The demo OpenID provider's settings ({@code prism.demo.identity-provider.*}).
 *
 * @param enabled start the provider with Prism and register it as Prism's OpenID Connect client registration
 * {@code demo} (on in profile {@code demo})
 * @param port the provider's port on 127.0.0.1; 0 picks a free one (the issuer is {@code http://127.0.0.1:<port>})
 * @param client the one client it knows: Prism
 * @param accessTokenTimeToLive how long an access token lives
 * @param refreshTokenTimeToLive how long a refresh token lives; each refresh rotates it
 * @param audiences the audiences a token exchange may ask for ({@code audience} or {@code resource}): by default the
 * seven upstream services
 * @param users who can log in on its login page, by username
 */
@ConfigurationProperties("prism.demo.identity-provider")
record DemoIdentityProviderProperties(@DefaultValue("false") boolean enabled, @DefaultValue("0") int port,
		@DefaultValue Client client, @DefaultValue("5m") Duration accessTokenTimeToLive,
		@DefaultValue("12h") Duration refreshTokenTimeToLive,
		@DefaultValue({ "catalog", "pricing", "inventory", "reviews", "recommendations", "customers",
				"orders" }) List<String> audiences,
		Map<String, User> users) {

	DemoIdentityProviderProperties {
		users = users == null ? Map.of() : Map.copyOf(users);
		audiences = List.copyOf(audiences);
		if (port < 0 || port > 65535) {
			throw new IllegalArgumentException("prism.demo.identity-provider.port must be 0 to 65535");
		}
		if (accessTokenTimeToLive.isNegative() || accessTokenTimeToLive.isZero()
				|| refreshTokenTimeToLive.isNegative() || refreshTokenTimeToLive.isZero()) {
			throw new IllegalArgumentException("prism.demo.identity-provider token lifetimes must be positive");
		}
		if (enabled && (client.secret() == null || client.secret().isBlank())) {
			throw new IllegalArgumentException("prism.demo.identity-provider.client.secret is required when enabled");
		}
	}

	/**
	 * Prism as the provider's confidential client.
	 *
	 * @param id its client id
	 * @param secret its client secret, in clear: Prism sends it (HTTP Basic at the token endpoint)
	 * @param redirectUris where the provider may send the browser back with a code; on a loopback host any port
	 * matches (Prism's port is known only once it listens), and {@code localhost} counts as a loopback host
	 * @param postLogoutRedirectUris where the provider may send the browser after an RP-initiated logout, matched the
	 * same way
	 */
	record Client(@DefaultValue("prism") String id, String secret,
			@DefaultValue("http://127.0.0.1:8080/web/api/oauth2/code/demo") List<String> redirectUris,
			@DefaultValue("http://127.0.0.1:8080/") List<String> postLogoutRedirectUris) {

		Client {
			redirectUris = List.copyOf(redirectUris);
			postLogoutRedirectUris = List.copyOf(postLogoutRedirectUris);
		}

	}

	/**
	 * A user of the provider's login page.
	 *
	 * @param password the password, in Spring Security's {@code {id}} form ({@code {bcrypt}...}, {@code {noop}...})
	 * @param customerId the customer account, the tokens' {@code customer_id} claim
	 * @param name the {@code name} claim (scope {@code profile})
	 * @param email the {@code email} claim (scope {@code email})
	 */
	record User(String password, String customerId, String name, String email) {
	}

	/** Binds {@code prism.demo.identity-provider.*} from an environment, outside any application context. */
	static DemoIdentityProviderProperties bind(Environment environment) {
		return Binder.get(environment)
			.bindOrCreate("prism.demo.identity-provider", DemoIdentityProviderProperties.class);
	}

}
