package dev.prism.demo.identity;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The demo OpenID provider's tokens for the demo's mobile app ({@code POST /demo/mobile-token}), when the provider is
 * enabled: JWTs signed with its key, subject the user, {@code customer_id} the user's customer account, which the
 * provider knows as its own — so the mobile channel verifies them with its JWK set, and its token exchange turns them
 * into tokens for the customers and orders services. A bean of Prism's context in profile {@code demo}, registered by
 * {@link DemoIdentityProviderInitializer}.
 */
public interface DemoAppTokens {

	/** Whether the provider is on and issues the app's tokens; when not, the demo signs them with its HS256 secret. */
	boolean available();

	/** The customer accounts a token can be issued for. */
	List<String> customers();

	/** A token of the user with this customer account, for {@code audience}; empty when no user has it. */
	Optional<AppToken> issue(String customerId, String audience);

	/** An issued token and how long it lives. */
	record AppToken(String value, Duration expiresIn) {
	}

}
