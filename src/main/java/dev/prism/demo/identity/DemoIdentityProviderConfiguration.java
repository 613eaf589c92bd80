package dev.prism.demo.identity;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.apache.catalina.valves.ErrorReportValve;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.Cookie;
import org.springframework.boot.web.server.servlet.Session;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationProvider;
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
@Import(DemoIdentityTokens.class)
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

}
