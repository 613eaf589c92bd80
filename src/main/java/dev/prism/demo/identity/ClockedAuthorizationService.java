package dev.prism.demo.identity;

import java.time.Clock;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

/**
 * Spring Authorization Server decides whether a stored token has expired by the system clock
 * ({@code OAuth2Authorization.Token#isExpired}); this service answers every look-up by token with the token marked
 * invalid once the provider's {@link Clock} has passed its expiry, so the token, introspection, token-exchange and
 * logout endpoints all keep the same time as the tokens' {@code iat} and {@code exp}, and a test moves it forward
 * instead of sleeping.
 */
final class ClockedAuthorizationService implements OAuth2AuthorizationService {

	private final OAuth2AuthorizationService delegate;

	private final Clock clock;

	ClockedAuthorizationService(OAuth2AuthorizationService delegate, Clock clock) {
		this.delegate = delegate;
		this.clock = clock;
	}

	@Override
	public void save(OAuth2Authorization authorization) {
		this.delegate.save(authorization);
	}

	@Override
	public void remove(OAuth2Authorization authorization) {
		this.delegate.remove(authorization);
	}

	@Override
	public @Nullable OAuth2Authorization findById(String id) {
		return this.delegate.findById(id);
	}

	@Override
	public @Nullable OAuth2Authorization findByToken(String token, @Nullable OAuth2TokenType tokenType) {
		OAuth2Authorization authorization = this.delegate.findByToken(token, tokenType);
		if (authorization == null) {
			return null;
		}
		OAuth2Authorization.Token<?> found = authorization.getToken(token);
		if (found == null || found.isInvalidated()) {
			return authorization;
		}
		Instant expiresAt = found.getToken().getExpiresAt();
		if (expiresAt == null || !this.clock.instant().isAfter(expiresAt)) {
			return authorization;
		}
		return OAuth2Authorization.from(authorization)
			.token(found.getToken(),
					metadata -> metadata.put(OAuth2Authorization.Token.INVALIDATED_METADATA_NAME, true))
			.build();
	}

}
