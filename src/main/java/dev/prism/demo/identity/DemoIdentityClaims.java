package dev.prism.demo.identity;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenExchangeAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * What the demo provider's tokens say beyond Spring Authorization Server's defaults: a user's {@code customer_id}
 * (the claim Prism's web channel reads the customer account from) in ID and access tokens, {@code name} and
 * {@code preferred_username} with scope {@code profile}, {@code email} with scope {@code email}; and for a token
 * exchange (RFC 8693) the {@code audience} asked for, which must be one the provider knows ({@code invalid_target}
 * otherwise). The exchange impersonates: the new token's subject is the subject token's user (no {@code act} claim).
 * Prism's own token (client credentials) is meant for the domain services: its audience is the client and every
 * audience the provider knows, as an audience mapper of a production provider would make it.
 */
final class DemoIdentityClaims implements OAuth2TokenCustomizer<JwtEncodingContext> {

	static final String CUSTOMER_ID = "customer_id";

	private final Map<String, DemoIdentityProviderProperties.User> users;

	private final Set<String> audiences;

	DemoIdentityClaims(DemoIdentityProviderProperties properties) {
		this.users = properties.users();
		this.audiences = Set.copyOf(properties.audiences());
	}

	@Override
	public void customize(JwtEncodingContext context) {
		String username = context.getPrincipal().getName();
		DemoIdentityProviderProperties.User user = this.users.get(username);
		boolean idToken = OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue());
		if (user != null && user.customerId() != null) {
			context.getClaims().claim(CUSTOMER_ID, user.customerId());
		}
		if (user != null && idToken) {
			Set<String> scopes = context.getAuthorizedScopes();
			if (scopes.contains(OidcScopes.PROFILE)) {
				context.getClaims().claim("preferred_username", username);
				if (user.name() != null) {
					context.getClaims().claim("name", user.name());
				}
			}
			if (scopes.contains(OidcScopes.EMAIL) && user.email() != null) {
				context.getClaims().claim("email", user.email()).claim("email_verified", true);
			}
		}
		if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())
				&& AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType())) {
			List<String> audience = new java.util.ArrayList<>();
			audience.add(context.getRegisteredClient().getClientId());
			this.audiences.stream().sorted().forEach(audience::add);
			context.getClaims().audience(audience);
		}
		if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())
				&& AuthorizationGrantType.TOKEN_EXCHANGE.equals(context.getAuthorizationGrantType())
				&& context.getAuthorizationGrant() instanceof OAuth2TokenExchangeAuthenticationToken exchange) {
			Set<String> requested = new LinkedHashSet<>(exchange.getAudiences());
			requested.addAll(exchange.getResources());
			if (!requested.isEmpty()) {
				if (!this.audiences.containsAll(requested)) {
					throw new OAuth2AuthenticationException(new OAuth2Error("invalid_target",
							"Unknown audience; known: " + this.audiences.stream().sorted().toList(),
							"https://datatracker.ietf.org/doc/html/rfc8693#section-2.2.2"));
				}
				context.getClaims().audience(List.copyOf(requested));
			}
		}
	}

}
