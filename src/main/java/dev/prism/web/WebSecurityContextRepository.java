package dev.prism.web;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.DeferredSecurityContext;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.oidc.IdTokenClaimNames;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;
import org.springframework.security.web.context.HttpRequestResponseHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;

/**
 * The web chain's security contexts, in the session as {@link HttpSessionSecurityContextRepository} keeps them, except
 * that the ID token of an OpenID Connect login is not kept in the clear there: its value moves to the session's
 * encrypted tokens ({@link WebSessionTokenRepository}), and the context keeps the user — the token's claims, the
 * user info, the authorities — with the token's value replaced by a marker. So the JSON of a session in Redis holds no
 * token at all.
 */
final class WebSecurityContextRepository implements SecurityContextRepository {

	/** What a kept ID token's value reads instead of the token. */
	static final String REDACTED = "redacted:kept-encrypted-with-the-session-tokens";

	private final HttpSessionSecurityContextRepository delegate = new HttpSessionSecurityContextRepository();

	private final WebSessionTokenRepository tokens;

	WebSecurityContextRepository(WebSessionTokenRepository tokens) {
		this.tokens = tokens;
	}

	static boolean isRedacted(OidcIdToken idToken) {
		return REDACTED.equals(idToken.getTokenValue());
	}

	@Override
	public DeferredSecurityContext loadDeferredContext(HttpServletRequest request) {
		return this.delegate.loadDeferredContext(request);
	}

	@Override
	@SuppressWarnings("deprecation")
	public SecurityContext loadContext(HttpRequestResponseHolder requestResponseHolder) {
		return this.delegate.loadContext(requestResponseHolder);
	}

	@Override
	public void saveContext(SecurityContext context, HttpServletRequest request, HttpServletResponse response) {
		Authentication authentication = context.getAuthentication();
		if (authentication instanceof OAuth2AuthenticationToken oidc
				&& oidc.getClass() == OAuth2AuthenticationToken.class
				&& oidc.getPrincipal() instanceof DefaultOidcUser user && !isRedacted(user.getIdToken())) {
			OAuth2AuthenticationToken redacted = redacted(oidc, user);
			if (redacted != null) {
				this.tokens.rememberIdToken(request, user.getIdToken().getTokenValue());
				this.delegate.saveContext(new SecurityContextImpl(redacted), request, response);
				return;
			}
		}
		this.delegate.saveContext(context, request, response);
	}

	@Override
	public boolean containsContext(HttpServletRequest request) {
		return this.delegate.containsContext(request);
	}

	/** The same login with the ID token's value replaced, or none when the user would not come out the same. */
	private static @Nullable OAuth2AuthenticationToken redacted(OAuth2AuthenticationToken authentication,
			DefaultOidcUser user) {
		OidcIdToken idToken = user.getIdToken();
		OidcIdToken kept = new OidcIdToken(REDACTED, idToken.getIssuedAt(), idToken.getExpiresAt(), idToken.getClaims());
		String nameAttribute = authentication.getAuthorities()
			.stream()
			.filter(OidcUserAuthority.class::isInstance)
			.map(authority -> ((OidcUserAuthority) authority).getUserNameAttributeName())
			.filter(Objects::nonNull)
			.findFirst()
			.orElse(IdTokenClaimNames.SUB);
		OidcUser redactedUser;
		try {
			redactedUser = new DefaultOidcUser(keeping(user.getAuthorities(), kept), kept, user.getUserInfo(),
					nameAttribute);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
		if (!redactedUser.getName().equals(user.getName())) {
			return null;
		}
		OAuth2AuthenticationToken redacted = new OAuth2AuthenticationToken(redactedUser,
				keeping(authentication.getAuthorities(), kept), authentication.getAuthorizedClientRegistrationId());
		redacted.setDetails(authentication.getDetails());
		return redacted;
	}

	/** {@code authorities} with the ID token of each {@link OidcUserAuthority} replaced by {@code kept}. */
	private static List<GrantedAuthority> keeping(Collection<? extends GrantedAuthority> authorities, OidcIdToken kept) {
		List<GrantedAuthority> mapped = new ArrayList<>();
		for (GrantedAuthority authority : authorities) {
			if (authority instanceof OidcUserAuthority oidc && oidc.getClass() == OidcUserAuthority.class) {
				mapped.add(new OidcUserAuthority(oidc.getAuthority(), kept, oidc.getUserInfo(),
						oidc.getUserNameAttributeName()));
			}
			else {
				mapped.add(authority);
			}
		}
		return mapped;
	}

}
