package dev.prism.web;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;

/**
 * What an OpenID Connect web session keeps of its login, encrypted as one value ({@link WebSessionTokenRepository}):
 * the registration id, the user's name at the provider, the access, refresh and ID tokens and when the user logged in
 * — not the client registration (nor its secret), which is looked up by its id. Its {@code toString} names no token.
 *
 * @param registrationId the client registration the user logged in with
 * @param principalName the user's name as Spring Security's authorized client has it
 * @param accessToken the current access token
 * @param refreshToken the current refresh token, if the provider issued one
 * @param idToken the current ID token (the logout's {@code id_token_hint})
 * @param loggedInAt when the session logged in, by Prism's clock (its lifetime counts from here)
 */
record WebSessionTokens(String registrationId, String principalName, Token accessToken, @Nullable Token refreshToken,
		@Nullable String idToken, Instant loggedInAt) {

	/** One token: its value and times, and an access token's scopes. */
	record Token(String value, @Nullable Instant issuedAt, @Nullable Instant expiresAt, @Nullable Set<String> scopes) {

		@Override
		public String toString() {
			return "Token[expiresAt=" + this.expiresAt + "]";
		}

	}

	/**
	 * The tokens of an authorized client just obtained, at {@code obtainedAt} by Prism's clock: the access token's
	 * lifetime counts from then (Spring Security times a token response by the system clock, and the refresh decision
	 * is Prism's clock's).
	 */
	static WebSessionTokens of(OAuth2AuthorizedClient client, @Nullable String idToken, Instant loggedInAt,
			Instant obtainedAt) {
		OAuth2AccessToken access = client.getAccessToken();
		OAuth2RefreshToken refresh = client.getRefreshToken();
		Instant issuedAt = access.getIssuedAt();
		Instant expiresAt = access.getExpiresAt();
		if (issuedAt != null && expiresAt != null) {
			expiresAt = obtainedAt.plus(Duration.between(issuedAt, expiresAt));
			issuedAt = obtainedAt;
		}
		return new WebSessionTokens(client.getClientRegistration().getRegistrationId(), client.getPrincipalName(),
				new Token(access.getTokenValue(), issuedAt, expiresAt, Set.copyOf(access.getScopes())),
				refresh == null ? null
						: new Token(refresh.getTokenValue(), refresh.getIssuedAt(), refresh.getExpiresAt(), null),
				idToken, loggedInAt);
	}

	/** Spring Security's authorized client of these tokens, for {@code registration} (this one's id). */
	OAuth2AuthorizedClient toAuthorizedClient(ClientRegistration registration) {
		OAuth2AccessToken access = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, this.accessToken.value(),
				this.accessToken.issuedAt(), this.accessToken.expiresAt(),
				this.accessToken.scopes() == null ? Set.of() : this.accessToken.scopes());
		OAuth2RefreshToken refresh = this.refreshToken == null ? null
				: new OAuth2RefreshToken(this.refreshToken.value(), this.refreshToken.issuedAt(),
						this.refreshToken.expiresAt());
		return new OAuth2AuthorizedClient(registration, this.principalName, access, refresh);
	}

	WebSessionTokens withIdToken(String idToken) {
		return new WebSessionTokens(this.registrationId, this.principalName, this.accessToken, this.refreshToken,
				idToken, this.loggedInAt);
	}

	@Override
	public String toString() {
		return "WebSessionTokens[registrationId=" + this.registrationId + ", accessTokenExpiresAt="
				+ this.accessToken.expiresAt() + ", refreshToken=" + (this.refreshToken != null) + ", idToken="
				+ (this.idToken != null) + ", loggedInAt=" + this.loggedInAt + "]";
	}

}
