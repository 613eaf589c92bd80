package dev.prism.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;

/**
 * Which client registrations a browser logs in with ({@code prism.web.oidc.registration-ids}; by default every
 * {@code authorization_code} registration): only these start a login at
 * {@code /web/api/oauth2/authorization/{registrationId}}, and only their sessions have tokens refreshed. Any other
 * registration — Prism's own {@code client_credentials} identity at an upstream, say — is not a login (404).
 */
final class WebOidcLogins {

	static final String AUTHORIZATION_BASE_URI = "/web/api/oauth2/authorization";

	static final String RESPONSE_MODE = "response_mode";

	private final ClientRegistrationRepository registrations;

	private final Set<String> ids;

	WebOidcLogins(ClientRegistrationRepository registrations, List<String> configured) {
		this.registrations = registrations;
		if (configured.isEmpty()) {
			List<String> ids = new ArrayList<>();
			if (registrations instanceof Iterable<?> all) {
				for (Object registration : all) {
					if (registration instanceof ClientRegistration client
							&& AuthorizationGrantType.AUTHORIZATION_CODE.equals(client.getAuthorizationGrantType())) {
						ids.add(client.getRegistrationId());
					}
				}
			}
			this.ids = Set.copyOf(ids);
		}
		else {
			for (String id : configured) {
				ClientRegistration registration = registrations.findByRegistrationId(id);
				if (registration == null || !AuthorizationGrantType.AUTHORIZATION_CODE
					.equals(registration.getAuthorizationGrantType())) {
					throw new IllegalStateException("prism.web.oidc.registration-ids names " + id
							+ ", which is no authorization_code registration in spring.security.oauth2.client.registration");
				}
			}
			this.ids = Set.copyOf(configured);
		}
	}

	boolean isLogin(String registrationId) {
		return this.ids.contains(registrationId);
	}

	/** The registrations of every web login, by id. */
	List<ClientRegistration> all() {
		return this.ids.stream()
			.sorted()
			.map(this.registrations::findByRegistrationId)
			.filter(java.util.Objects::nonNull)
			.toList();
	}

	/** The registration of a web login. */
	Optional<ClientRegistration> login(String registrationId) {
		return isLogin(registrationId) ? Optional.ofNullable(this.registrations.findByRegistrationId(registrationId))
				: Optional.empty();
	}

	/**
	 * Spring Security's resolver of authorization requests, for web logins only: anything else under the base URI is
	 * left to the rest of the chain (a 404). And no authorization request is ever made up for a
	 * {@code ClientAuthorizationRequiredException}: a single-page app cannot follow the redirect (the web chain
	 * answers it as an expired session instead). Each request asks for {@code response_mode=query}: the code comes
	 * back by a plain GET navigation (never a cross-site form POST), on which the SameSite=Lax authorization-request
	 * cookie ({@link WebAuthorizationRequestCookies}) comes along.
	 */
	OAuth2AuthorizationRequestResolver authorizationRequests() {
		DefaultOAuth2AuthorizationRequestResolver resolver = new DefaultOAuth2AuthorizationRequestResolver(
				this.registrations, AUTHORIZATION_BASE_URI);
		resolver.setAuthorizationRequestCustomizer(request -> request
			.additionalParameters(parameters -> parameters.put(RESPONSE_MODE, "query")));
		return new OAuth2AuthorizationRequestResolver() {

			@Override
			public @Nullable OAuth2AuthorizationRequest resolve(HttpServletRequest request) {
				String path = request.getRequestURI().substring(request.getContextPath().length());
				String prefix = AUTHORIZATION_BASE_URI + "/";
				if (path.startsWith(prefix) && !isLogin(path.substring(prefix.length()))) {
					return null;
				}
				return resolver.resolve(request);
			}

			@Override
			public @Nullable OAuth2AuthorizationRequest resolve(HttpServletRequest request,
					String clientRegistrationId) {
				return null;
			}

		};
	}

}
