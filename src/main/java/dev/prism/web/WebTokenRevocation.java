package dev.prism.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.oauth2.client.endpoint.OAuth2RefreshTokenGrantRequest;
import org.springframework.security.oauth2.client.endpoint.RestClientRefreshTokenTokenResponseClient;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;

/**
 * Revokes a refresh token at the provider's {@code revocation_endpoint} (RFC 7009). Spring Security's client has no
 * revocation client, and only {@code upstream} may build HTTP clients; a revocation request is, though, exactly a
 * token-endpoint request in form (a form POST with the client authenticated as the registration says), so this sends
 * it with Spring Security's own token client, its parameters rewritten to {@code token} and
 * {@code token_type_hint=refresh_token}. The provider answers 200 with no body, which that client reports as an empty
 * token response: that is the success. Best effort: a failed revocation is logged, and the logout goes on.
 */
final class WebTokenRevocation {

	private static final Logger log = LoggerFactory.getLogger(WebTokenRevocation.class);

	/** The token client's description of an answer without a body (AbstractRestClientOAuth2AccessTokenResponseClient). */
	private static final String EMPTY_ANSWER = "Empty OAuth 2.0 Access Token Response";

	private final RestClientRefreshTokenTokenResponseClient client = new RestClientRefreshTokenTokenResponseClient();

	WebTokenRevocation() {
		this.client.setParametersCustomizer(parameters -> {
			String token = parameters.getFirst(OAuth2ParameterNames.REFRESH_TOKEN);
			parameters.remove(OAuth2ParameterNames.GRANT_TYPE);
			parameters.remove(OAuth2ParameterNames.REFRESH_TOKEN);
			parameters.remove(OAuth2ParameterNames.SCOPE);
			parameters.set(OAuth2ParameterNames.TOKEN, token);
			parameters.set(OAuth2ParameterNames.TOKEN_TYPE_HINT, OAuth2ParameterNames.REFRESH_TOKEN);
		});
	}

	/** Whether the provider confirmed the revocation of {@code refreshToken} at {@code endpoint}. */
	boolean revoke(ClientRegistration registration, String endpoint, OAuth2AccessToken accessToken,
			OAuth2RefreshToken refreshToken) {
		ClientRegistration atRevocation = ClientRegistration.withClientRegistration(registration)
			.tokenUri(endpoint)
			.build();
		try {
			this.client.getTokenResponse(new OAuth2RefreshTokenGrantRequest(atRevocation, accessToken, refreshToken));
			// A body after all: the provider answered 200, which is what counts (RFC 7009 section 2.2).
			return true;
		}
		catch (OAuth2AuthorizationException ex) {
			if ("invalid_token_response".equals(ex.getError().getErrorCode())
					&& EMPTY_ANSWER.equals(ex.getError().getDescription())) {
				return true;
			}
			log.warn("The provider of registration {} did not confirm the revocation of a refresh token at logout ({})",
					registration.getRegistrationId(), ex.getError().getErrorCode());
			return false;
		}
		catch (RuntimeException ex) {
			log.warn("The provider of registration {} did not confirm the revocation of a refresh token at logout ({})",
					registration.getRegistrationId(), ex.getClass().getSimpleName());
			return false;
		}
	}

}
