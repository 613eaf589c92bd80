package dev.prism.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.oauth2.client.ClientAuthorizationRequiredException;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;

import tools.jackson.databind.json.JsonMapper;

import dev.prism.platform.problem.ProblemResponseWriter;

/**
 * The pieces of the web channel's OpenID Connect sessions on their own: which registrations are logins, the logout
 * URL, and the refresh filter's answers — never a redirect, the access token handed to web code.
 */
class WebOidcUnitTests {

	static ClientRegistration login(String id, Map<String, Object> metadata) {
		return ClientRegistration.withRegistrationId(id)
			.clientId("prism")
			.clientSecret("prism-secret")
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.redirectUri("{baseUrl}/web/api/oauth2/code/{registrationId}")
			.scope("openid")
			.authorizationUri("https://idp.example/authorize")
			.tokenUri("https://idp.example/token")
			.jwkSetUri("https://idp.example/jwks")
			.userNameAttributeName("sub")
			.providerConfigurationMetadata(metadata)
			.build();
	}

	static final ClientRegistration service = ClientRegistration.withRegistrationId("catalog-service")
		.clientId("prism")
		.clientSecret("prism-secret")
		.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
		.tokenUri("https://idp.example/token")
		.build();

	static final Instant now = Instant.now();

	static OAuth2AuthenticationToken alice(String registrationId) {
		OidcIdToken idToken = new OidcIdToken("id-token-1", now, now.plusSeconds(300),
				Map.of("sub", "alice", "iss", "https://idp.example"));
		return new OAuth2AuthenticationToken(new DefaultOidcUser(List.of(), idToken), List.of(), registrationId);
	}

	@AfterEach
	void clearContext() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void byDefaultEveryAuthorizationCodeRegistrationIsALoginAndNothingElse() {
		InMemoryClientRegistrationRepository registrations = new InMemoryClientRegistrationRepository(
				login("demo", Map.of()), login("partner-idp", Map.of()), service);

		WebOidcLogins logins = new WebOidcLogins(registrations, List.of());

		assertThat(logins.isLogin("demo")).isTrue();
		assertThat(logins.isLogin("partner-idp")).isTrue();
		assertThat(logins.isLogin("catalog-service")).isFalse();
		MockHttpServletRequest start = new MockHttpServletRequest("GET", "/web/api/oauth2/authorization/catalog-service");
		start.setServletPath("/web/api/oauth2/authorization/catalog-service");
		assertThat(logins.authorizationRequests().resolve(start)).isNull();
		// And no authorization request is made up for a ClientAuthorizationRequiredException
		assertThat(logins.authorizationRequests().resolve(new MockHttpServletRequest(), "demo")).isNull();
	}

	@Test
	void configuredLoginsMustBeAuthorizationCodeRegistrations() {
		InMemoryClientRegistrationRepository registrations = new InMemoryClientRegistrationRepository(
				login("demo", Map.of()), login("partner-idp", Map.of()), service);

		assertThat(new WebOidcLogins(registrations, List.of("demo")).isLogin("partner-idp")).isFalse();
		assertThatThrownBy(() -> new WebOidcLogins(registrations, List.of("catalog-service")))
			.hasMessageContaining("prism.web.oidc.registration-ids names catalog-service");
		assertThatThrownBy(() -> new WebOidcLogins(registrations, List.of("missing")))
			.hasMessageContaining("names missing");
	}

	@Test
	void theLogoutUrlIsTheEndSessionEndpointWithTheKeptIdTokenAndTheWayBack() {
		ClientRegistration demo = login("demo", Map.of("end_session_endpoint", "https://idp.example/logout"));
		InMemoryClientRegistrationRepository registrations = new InMemoryClientRegistrationRepository(demo);
		WebSessionTokenRepository tokens = new WebSessionTokenRepository(registrations,
				WebTokenCipher.of(WebTokenCipherTests.key()), Clock.systemUTC());
		MockHttpServletRequest request = new MockHttpServletRequest("DELETE", "/web/api/session");
		request.setScheme("https");
		request.setServerName("shop.example");
		request.setServerPort(443);
		MockHttpServletResponse response = new MockHttpServletResponse();
		tokens.saveAuthorizedClient(client(demo), alice("demo"), request, response);
		WebOidcLogout logout = new WebOidcLogout(registrations, new WebOidcLogins(registrations, List.of()), tokens,
				(registration, endpoint, token) -> true, "{baseUrl}/goodbye");

		assertThat(logout.logOut(request, response, alice("demo")))
			.hasValue("https://idp.example/logout?id_token_hint=id-token-1&post_logout_redirect_uri=https://shop.example/goodbye");
	}

	@Test
	void withoutAnEndSessionEndpointThereIsNoLogoutUrl() {
		ClientRegistration demo = login("demo", Map.of());
		InMemoryClientRegistrationRepository registrations = new InMemoryClientRegistrationRepository(demo);
		WebSessionTokenRepository tokens = new WebSessionTokenRepository(registrations,
				WebTokenCipher.of(WebTokenCipherTests.key()), Clock.systemUTC());
		MockHttpServletRequest request = new MockHttpServletRequest();
		MockHttpServletResponse response = new MockHttpServletResponse();
		tokens.saveAuthorizedClient(client(demo), alice("demo"), request, response);
		WebOidcLogout logout = new WebOidcLogout(registrations, new WebOidcLogins(registrations, List.of()), tokens,
				(registration, endpoint, token) -> true, "{baseUrl}/");

		assertThat(logout.logOut(request, response, alice("demo"))).isEmpty();
	}

	@Test
	void aClientAuthorizationRequiredExceptionIsAnExpiredSessionNotARedirect() throws Exception {
		WebTokenRefreshFilter filter = filter(mock(WebTokenRefresher.class));
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/web/api/account");
		MockHttpSession session = new MockHttpSession();
		request.setSession(session);
		MockHttpServletResponse response = new MockHttpServletResponse();

		filter.doFilter(request, response, new MockFilterChain() {
			@Override
			public void doFilter(jakarta.servlet.ServletRequest req, jakarta.servlet.ServletResponse res) {
				throw new ClientAuthorizationRequiredException("demo");
			}
		});

		assertThat(response.getStatus()).isEqualTo(401);
		assertThat(response.getHeader("Location")).isNull();
		assertThat(response.getContentAsString()).contains("urn:prism:problem:session-expired");
		assertThat(session.isInvalid()).isTrue();
	}

	@Test
	void aValidSessionsAccessTokenIsHandedToWebCodeAndOnlyApiRequestsAreRefreshed() throws Exception {
		WebTokenRefresher refresher = mock(WebTokenRefresher.class);
		OAuth2AccessToken token = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "access-1", now,
				now.plusSeconds(300));
		when(refresher.ensureValid(any(), any(), any())).thenReturn(new WebTokenRefresher.Valid(token));
		WebTokenRefreshFilter filter = filter(refresher);
		SecurityContextHolder.setContext(new SecurityContextImpl(alice("demo")));
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/web/api/account");
		MockFilterChain chain = new MockFilterChain();

		filter.doFilter(request, new MockHttpServletResponse(), chain);

		assertThat(chain.getRequest()).isSameAs(request);
		assertThat(WebAccessToken.of(request)).containsSame(token);
		for (String[] skipped : new String[][] { { "DELETE", "/web/api/session" }, { "POST", "/web/api/session" },
				{ "GET", "/web/api/oauth2/code/demo" } }) {
			MockHttpServletRequest other = new MockHttpServletRequest(skipped[0], skipped[1]);
			filter.doFilter(other, new MockHttpServletResponse(), new MockFilterChain());
			assertThat(WebAccessToken.of(other)).as(skipped[0] + " " + skipped[1]).isEmpty();
		}
		verify(refresher, org.mockito.Mockito.times(1)).ensureValid(any(), any(), any());
	}

	@Test
	void aPasswordSessionOrAnotherRegistrationIsNotRefreshed() throws Exception {
		WebTokenRefresher refresher = mock(WebTokenRefresher.class);
		WebTokenRefreshFilter filter = filter(refresher);
		SecurityContextHolder.setContext(new SecurityContextImpl(alice("catalog-service")));

		filter.doFilter(new MockHttpServletRequest("GET", "/web/api/account"), new MockHttpServletResponse(),
				new MockFilterChain());

		verify(refresher, never()).ensureValid(any(), any(), any());
	}

	private static WebTokenRefreshFilter filter(WebTokenRefresher refresher) {
		InMemoryClientRegistrationRepository registrations = new InMemoryClientRegistrationRepository(
				login("demo", Map.of()), service);
		return new WebTokenRefreshFilter(refresher, new WebOidcLogins(registrations, List.of()),
				WebLogin.csrfTokenRepository(false), new ProblemResponseWriter(JsonMapper.builder().build()));
	}

	private static OAuth2AuthorizedClient client(ClientRegistration registration) {
		return new OAuth2AuthorizedClient(registration, "alice",
				new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "access-1", now, now.plusSeconds(300),
						Set.of("openid")),
				new OAuth2RefreshToken("refresh-1", now));
	}

}
