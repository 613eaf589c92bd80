package dev.prism.web;

import java.time.Clock;

import javax.cache.CacheManager;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.security.oauth2.client.autoconfigure.ConditionalOnOAuth2ClientRegistrationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.client.oidc.session.InMemoryOidcSessionRegistry;
import org.springframework.security.oauth2.client.oidc.session.OidcSessionRegistry;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.session.SessionRepository;

import dev.prism.platform.problem.ProblemResponseWriter;
import dev.prism.platform.request.EdgeOrder;
import dev.prism.platform.security.ProblemAccessDeniedHandler;
import dev.prism.platform.security.ProblemAuthenticationEntryPoint;

import dev.prism.upstream.IdentityProviderKeys;

/**
 * OpenID Connect back-channel logout (Back-Channel Logout 1.0), when a client registration is configured: a filter
 * chain of its own for {@code POST /logout/connect/back-channel/{registrationId}} only — no session, no CSRF (the
 * provider calls it server to server, and nothing else in Prism is exempt) — in front of the deny-all fallback; the
 * {@link OidcSessionRegistry} linking provider sessions to web sessions, in memory or, in profile {@code distributed},
 * in Redis; and the web sessions ended by id. The provider is told {@code {Prism's public URL}/logout/connect/back-channel/<registrationId>}
 * as the client's {@code backchannel_logout_uri}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnOAuth2ClientRegistrationProperties
class WebBackChannelLogoutConfiguration {

	@Bean
	@Profile("!distributed")
	OidcSessionRegistry inMemoryOidcSessionRegistry() {
		return new InMemoryOidcSessionRegistry();
	}

	/** Also the servlet container's session listener (Boot registers it as one). */
	@Bean
	@Profile("!distributed")
	ServletWebSessionsById servletWebSessionsById(OidcSessionRegistry registry) {
		return new ServletWebSessionsById(registry);
	}

	@Bean
	@Profile("distributed")
	OidcSessionRegistry redisOidcSessionRegistry(StringRedisTemplate redis, WebProperties properties) {
		return new RedisOidcSessionRegistry(redis, properties.oidc().sessionMaxLifetime());
	}

	@Bean
	@Profile("distributed")
	WebSessionsById repositoryWebSessionsById(SessionRepository<?> sessions) {
		return new RepositoryWebSessionsById(sessions);
	}

	@Bean
	WebOidcSessionRegistration webOidcSessionRegistration(OidcSessionRegistry registry, WebOidcLogins logins) {
		return new WebOidcSessionRegistration(registry, logins);
	}

	/**
	 * The manager of the logout tokens' replay memory ({@link WebLogoutTokens}), closed with the application context.
	 * Not a default candidate: injected by name only, never standing in for the upstream read caches' manager.
	 */
	@Bean(destroyMethod = "close", defaultCandidate = false)
	CacheManager webLogoutTokenCacheManager() {
		return WebLogoutTokens.cacheManager();
	}

	@Bean
	@Order(EdgeOrder.WEB_BACK_CHANNEL_LOGOUT_CHAIN)
	SecurityFilterChain webBackChannelLogoutSecurity(HttpSecurity http, WebOidcLogins logins,
			OidcSessionRegistry registry, WebSessionsById sessions, WebProperties properties,
			ObjectProvider<Clock> clocks, ProblemResponseWriter writer, MeterRegistry meters,
			IdentityProviderKeys keys, @Qualifier("webLogoutTokenCacheManager") CacheManager logoutTokens) {
		WebLogoutTokens tokens = new WebLogoutTokens(clocks.getIfUnique(Clock::systemUTC), properties.oidc().clockSkew(),
				keys, logoutTokens);
		return http.securityMatcher(WebBackChannelLogoutFilter.MATCHER)
			.addFilterBefore(new WebBackChannelLogoutFilter(logins, tokens, registry, sessions, writer, meters),
					CsrfFilter.class)
			.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
			.csrf(csrf -> csrf.disable())
			.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache(cache -> cache.disable())
			.anonymous(anonymous -> anonymous.disable())
			.formLogin(form -> form.disable())
			.httpBasic(basic -> basic.disable())
			.logout(logout -> logout.disable())
			.exceptionHandling(exceptions -> exceptions
				.authenticationEntryPoint(new ProblemAuthenticationEntryPoint(writer, null,
						"The back-channel logout endpoint takes a logout token."))
				.accessDeniedHandler(new ProblemAccessDeniedHandler(writer)))
			.build();
	}

}
