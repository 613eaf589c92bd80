package dev.prism.demo.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

/**
 * Spring Authorization Server decides whether a stored token has expired, or may be used yet, by the system clock
 * ({@code OAuth2Authorization.Token#isExpired}, {@code #isBeforeUse}); this service answers every look-up by token
 * with the token marked invalid once the provider's {@link Clock} has passed its expiry, and with its {@code nbf} as
 * the system clock reads the provider's time (a token issued at the provider's time is usable at once, as it is by
 * that time), so the token, introspection, userinfo, token-exchange and logout endpoints all keep the same time as the
 * tokens' {@code iat}, {@code nbf} and {@code exp}, and a test moves it forward instead of sleeping.
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
		Instant now = this.clock.instant();
		Instant expiresAt = found.getToken().getExpiresAt();
		if (expiresAt != null && now.isAfter(expiresAt)) {
			return OAuth2Authorization.from(authorization)
				.token(found.getToken(),
						metadata -> metadata.put(OAuth2Authorization.Token.INVALIDATED_METADATA_NAME, true))
				.build();
		}
		Instant notBefore = found.getClaims() == null ? null
				: found.getClaims().get("nbf") instanceof Instant nbf ? nbf : null;
		if (notBefore == null || now.isBefore(notBefore) || !Instant.now().isBefore(notBefore)) {
			return authorization;
		}
		// Usable by the provider's time, not yet by the system's: shift nbf by the clocks' difference.
		Instant shifted = notBefore.minus(Duration.between(Instant.now(), now));
		return OAuth2Authorization.from(authorization).token(found.getToken(), metadata -> {
			Map<String, Object> claims = new HashMap<>(found.getClaims());
			claims.put("nbf", shifted);
			metadata.put(OAuth2Authorization.Token.CLAIMS_METADATA_NAME, claims);
		}).build();
	}

}
