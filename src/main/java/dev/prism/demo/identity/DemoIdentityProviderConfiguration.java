package dev.prism.demo.identity;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import org.apache.catalina.valves.ErrorReportValve;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.Cookie;
import org.springframework.boot.web.server.servlet.Session;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configuration.OAuth2AuthorizationServerConfiguration;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.InMemoryOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.DelegatingOAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.JwtGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2RefreshTokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.session.HttpSessionEventPublisher;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

/**
 * The beans of the demo provider's own application context: its Tomcat on 127.0.0.1 with the session cookie
 * {@code PRISM_IDP}, Spring Authorization Server's endpoints with OpenID Connect (discovery, JWKS, authorize, token,
 * introspection, revocation, userinfo, RP-initiated logout) in one filter chain, the form login of its users in
 * another, Prism as its one client, and tokens timed by the provider's {@link Clock}. Deliberately not a
 * {@code @Configuration}: Prism's component scan covers {@code dev.prism.**} and must not pick it up;
 * {@link DemoIdentityProvider} registers it in a context of its own.
 */
@EnableWebSecurity
class DemoIdentityProviderConfiguration {

	static final String SESSION_COOKIE = "PRISM_IDP";

	/** The scopes the client may ask for: OpenID Connect's, and two for the domain services. */
	static final List<String> SCOPES = List.of(OidcScopes.OPENID, OidcScopes.PROFILE, OidcScopes.EMAIL, "orders",
			"customers");

	@Bean
	TomcatServletWebServerFactory identityProviderServer(DemoIdentityProviderProperties properties)
			throws UnknownHostException {
		TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory(properties.port());
		factory.setAddress(InetAddress.getByName("127.0.0.1"));
		// Tomcat's default servlet answers 404 for whatever no filter handled.
		factory.setRegisterDefaultServlet(true);
		Session session = new Session();
		session.setTimeout(Duration.ofMinutes(30));
		session.setTrackingModes(Set.of(Session.SessionTrackingMode.COOKIE));
		// Its own name: on 127.0.0.1 a browser sends Prism's cookies to the provider and back (cookies ignore ports).
		session.getCookie().setName(SESSION_COOKIE);
		session.getCookie().setHttpOnly(true);
		session.getCookie().setSameSite(Cookie.SameSite.LAX);
		factory.setSession(session);
		// Error pages without Tomcat's version or a report, as Prism's own.
		factory.addContextCustomizers(context -> {
			ErrorReportValve errors = new ErrorReportValve();
			errors.setShowServerInfo(false);
			errors.setShowReport(false);
			context.getParent().getPipeline().addValve(errors);
		});
		return factory;
	}

	@Bean
	HttpSessionEventPublisher sessionEvents() {
		// Lets OpenID Connect's session registry forget the provider's sessions when they end.
		return new HttpSessionEventPublisher();
	}

	@Bean
	@Order(1)
	SecurityFilterChain authorizationServer(HttpSecurity http) throws Exception {
		http.oauth2AuthorizationServer(server -> {
			http.securityMatcher(server.getEndpointsMatcher());
			server.authorizationEndpoint(endpoint -> endpoint.authenticationProviders(providers -> providers
				.forEach(provider -> {
					if (provider instanceof OAuth2AuthorizationCodeRequestAuthenticationProvider authorize) {
						authorize.setAuthenticationValidator(LoopbackRedirects.authorizationRequests());
					}
				})));
			server.oidc(oidc -> oidc.logoutEndpoint(logout -> logout.authenticationProviders(providers -> providers
				.forEach(provider -> {
					if (provider instanceof OidcLogoutAuthenticationProvider rpLogout) {
						rpLogout.setAuthenticationValidator(LoopbackRedirects.logoutRequests());
					}
				}))));
		})
			.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
			// A browser that is not logged in yet goes to the login page; API clients get 401.
			.exceptionHandling(exceptions -> exceptions.defaultAuthenticationEntryPointFor(
					new LoginUrlAuthenticationEntryPoint("/login"), new MediaTypeRequestMatcher(MediaType.TEXT_HTML)));
		return http.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain loginPage(HttpSecurity http) throws Exception {
		return http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
			.formLogin(Customizer.withDefaults())
			.build();
	}

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
			.scopes(scopes -> scopes.addAll(SCOPES))
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
