package dev.prism.web;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.security.oauth2.client.autoconfigure.ConditionalOnOAuth2ClientRegistrationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Where the OpenID Connect login keeps its authorization request while the browser is at the provider: a sealed
 * cookie of its own ({@link WebAuthorizationRequestCookies}), so the login survives a SameSite=Strict session cookie.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnOAuth2ClientRegistrationProperties
class WebAuthorizationRequestConfiguration {

	@Bean
	WebAuthorizationRequestCookies webAuthorizationRequestCookies(WebSessionTokenRepository tokens,
			@Value("${server.servlet.session.cookie.secure:false}") boolean secureCookies,
			ObjectProvider<Clock> clocks) {
		return new WebAuthorizationRequestCookies(tokens.cipher(), secureCookies, clocks.getIfUnique(Clock::systemUTC));
	}

}
