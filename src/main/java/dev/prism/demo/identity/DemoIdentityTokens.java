package dev.prism.demo.identity;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.configuration.OAuth2AuthorizationServerConfiguration;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.InMemoryOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.DelegatingOAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.JwtGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2RefreshTokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * The demo provider's users, its one client (Prism), its key and the tokens it issues, all timed by the provider's
 * {@link Clock}; imported by {@link DemoIdentityProviderConfiguration}, and like it no {@code @Configuration}.
 */
class DemoIdentityTokens {

	@Bean
	UserDetailsService users(DemoIdentityProviderProperties properties) {
		return new InMemoryUserDetailsManager(properties.users()
			.entrySet()
			.stream()
			.map(user -> User.withUsername(user.getKey()).password(user.getValue().password()).roles("USER").build())
			.toList());
	}

	@Bean
	RegisteredClientRepository clients(DemoIdentityProviderProperties properties) {
		DemoIdentityProviderProperties.Client client = properties.client();
		RegisteredClient prism = RegisteredClient.withId(client.id())
			.clientId(client.id())
			.clientSecret("{noop}" + client.secret())
			.clientName("Prism")
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.authorizationGrantType(AuthorizationGrantType.TOKEN_EXCHANGE)
			.redirectUris(uris -> uris.addAll(client.redirectUris()))
			.postLogoutRedirectUris(uris -> uris.addAll(client.postLogoutRedirectUris()))
			.scopes(scopes -> scopes.addAll(DemoIdentityProviderConfiguration.SCOPES))
			// A confidential client: PKCE is welcome, not required; the demo asks for no consent.
			.clientSettings(ClientSettings.builder().requireProofKey(false).requireAuthorizationConsent(false).build())
			.tokenSettings(TokenSettings.builder()
				.accessTokenTimeToLive(properties.accessTokenTimeToLive())
				.refreshTokenTimeToLive(properties.refreshTokenTimeToLive())
				// Every refresh rotates the refresh token; the old one is refused from then on.
				.reuseRefreshTokens(false)
				.build())
			.build();
		return new InMemoryRegisteredClientRepository(prism);
	}

	@Bean
	OAuth2AuthorizationService authorizations(Clock clock) {
		return new ClockedAuthorizationService(new InMemoryOAuth2AuthorizationService(), clock);
	}

	@Bean
	AuthorizationServerSettings authorizationServerSettings() {
		// No fixed issuer: the port is free until Tomcat listens, so the issuer is the address a request reached,
		// http://127.0.0.1:<port> for everyone who discovered the provider there.
		return AuthorizationServerSettings.builder().build();
	}

	/** An RSA key generated at start, in memory only: tokens of an earlier run never verify. */
	@Bean
	JWKSource<SecurityContext> keys() throws JOSEException {
		RSAKey key = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
		return new ImmutableJWKSet<>(new JWKSet(key));
	}

	/** Verifies the provider's own access tokens at its userinfo endpoint, by its clock. */
	@Bean
	JwtDecoder accessTokens(JWKSource<SecurityContext> keys, Clock clock) {
		NimbusJwtDecoder decoder = (NimbusJwtDecoder) OAuth2AuthorizationServerConfiguration.jwtDecoder(keys);
		JwtTimestampValidator timestamps = new JwtTimestampValidator(Duration.ZERO);
		timestamps.setClock(clock);
		decoder.setJwtValidator(timestamps);
		return decoder;
	}

	/** The demo mobile app's tokens, signed with the provider's key and stored among its authorizations. */
	@Bean
	DemoAppTokenMinter appTokens(DemoIdentityProviderProperties properties, JWKSource<SecurityContext> keys,
			OAuth2AuthorizationService authorizations, RegisteredClientRepository clients, Clock clock) {
		RegisteredClient prism = java.util.Objects.requireNonNull(clients.findByClientId(properties.client().id()));
		return new DemoAppTokenMinter(properties, new NimbusJwtEncoder(keys), authorizations, prism, clock);
	}

	/** JWT access and ID tokens and refresh tokens, all issued at the provider's clock. */
	@Bean
	OAuth2TokenGenerator<?> tokens(JWKSource<SecurityContext> keys, Clock clock,
			DemoIdentityProviderProperties properties) {
		JwtGenerator jwts = new JwtGenerator(new NimbusJwtEncoder(keys));
		jwts.setClock(clock);
		jwts.setJwtCustomizer(new DemoIdentityClaims(properties));
		OAuth2RefreshTokenGenerator refreshTokens = new OAuth2RefreshTokenGenerator();
		refreshTokens.setClock(clock);
		return new DelegatingOAuth2TokenGenerator(jwts, refreshTokens);
	}

}
