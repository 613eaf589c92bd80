package dev.prism.demo.identity;

import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;

/**
 * The demo provider's tokens for the demo's mobile app: what an app would get after its user logged in at the provider
 * (with the authorization code flow and PKCE, which a curl user cannot walk), issued straight to a demo customer. A
 * token is a JWT signed with the provider's key — subject the user's name, {@code customer_id}, the audience asked
 * for, timed by the provider's {@link Clock} — and is stored as an authorization of the provider's client, exactly
 * like a token of a login, so its token exchange (RFC 8693) and introspection know it.
 */
final class DemoAppTokenMinter {

	/** The grant its authorizations record: none of OAuth's, as no client asked for the token. */
	static final AuthorizationGrantType DEMO_APP_TOKEN = new AuthorizationGrantType("urn:prism:demo:app-token");

	static final Set<String> SCOPES = Set.of("orders", "customers");

	private final DemoIdentityProviderProperties properties;

	private final JwtEncoder encoder;

	private final OAuth2AuthorizationService authorizations;

	private final RegisteredClient client;

	private final Clock clock;

	DemoAppTokenMinter(DemoIdentityProviderProperties properties, JwtEncoder encoder,
			OAuth2AuthorizationService authorizations, RegisteredClient client, Clock clock) {
		this.properties = properties;
		this.encoder = encoder;
		this.authorizations = authorizations;
		this.client = client;
		this.clock = clock;
	}

	/** The customer accounts of the provider's users, sorted: who a token can be issued to. */
	List<String> customers() {
		return this.properties.users()
			.values()
			.stream()
			.map(DemoIdentityProviderProperties.User::customerId)
			.filter(id -> id != null)
			.sorted()
			.toList();
	}

	/**
	 * A token of the user whose customer account is {@code customerId}, for {@code audience}, issued by
	 * {@code issuer}; empty when no user has that account.
	 */
	Optional<OAuth2AccessToken> mint(String issuer, String customerId, String audience) {
		Optional<Map.Entry<String, DemoIdentityProviderProperties.User>> user = this.properties.users()
			.entrySet()
			.stream()
			.filter(candidate -> customerId.equals(candidate.getValue().customerId()))
			.findFirst();
		if (user.isEmpty()) {
			return Optional.empty();
		}
		String username = user.get().getKey();
		Instant now = this.clock.instant();
		Instant expiresAt = now.plus(this.properties.accessTokenTimeToLive());
		JwtClaimsSet claims = JwtClaimsSet.builder()
			.issuer(issuer)
			.subject(username)
			.audience(List.of(audience))
			.issuedAt(now)
			.notBefore(now)
			.expiresAt(expiresAt)
			.id(UUID.randomUUID().toString())
			.claim(DemoIdentityClaims.CUSTOMER_ID, customerId)
			.claim("client_id", this.client.getClientId())
			.claim("scope", String.join(" ", SCOPES.stream().sorted().toList()))
			.build();
		Jwt jwt = this.encoder.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256).build(), claims));
		OAuth2AccessToken token = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, jwt.getTokenValue(), now,
				expiresAt, SCOPES);
		this.authorizations.save(OAuth2Authorization.withRegisteredClient(this.client)
			.principalName(username)
			.authorizationGrantType(DEMO_APP_TOKEN)
			.authorizedScopes(SCOPES)
			// The user the token stands for: a token exchange impersonates this principal.
			.attribute(Principal.class.getName(),
					UsernamePasswordAuthenticationToken.authenticated(username, null,
							AuthorityUtils.createAuthorityList("ROLE_USER")))
			.token(token, metadata -> {
				metadata.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME, jwt.getClaims());
				metadata.put(OAuth2TokenFormat.class.getName(), OAuth2TokenFormat.SELF_CONTAINED.getValue());
			})
			.build());
		return Optional.of(token);
	}

}
