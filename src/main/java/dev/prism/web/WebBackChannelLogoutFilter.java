package dev.prism.web;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.oauth2.client.oidc.authentication.logout.OidcLogoutToken;
import org.springframework.security.oauth2.client.oidc.session.OidcSessionInformation;
import org.springframework.security.oauth2.client.oidc.session.OidcSessionRegistry;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.prism.platform.problem.ProblemDetails;
import dev.prism.platform.problem.ProblemResponseWriter;

/**
 * OpenID Connect back-channel logout at Spring Security's endpoint, {@code POST
 * /logout/connect/back-channel/{registrationId}} with a form parameter {@code logout_token}: the token verified
 * ({@link WebLogoutTokens}), the web sessions the {@link OidcSessionRegistry} links to its {@code sid} — or, with only
 * a {@code sub}, all of that subject's — are ended through {@link WebSessionsById}, on every instance; 200 then, also
 * when no session was left to end. A token that fails a check (one accepted before included), an unknown registration
 * or a missing token is 400, a problem detail that also carries the spec's {@code "error": "invalid_request"}; keys
 * that cannot be read, or sessions that cannot be ended now, 503 (and the token is not remembered as accepted, so the
 * provider may send it again). Meter: {@code prism.web.backchannel.logouts{outcome}} — ended,
 * unknown-session, invalid, failed.
 */
final class WebBackChannelLogoutFilter extends OncePerRequestFilter {

	static final String PATH = "/logout/connect/back-channel/{registrationId}";

	static final RequestMatcher MATCHER = PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, PATH);

	private static final Logger log = LoggerFactory.getLogger(WebBackChannelLogoutFilter.class);

	private final WebOidcLogins logins;

	private final WebLogoutTokens tokens;

	private final OidcSessionRegistry registry;

	private final WebSessionsById sessions;

	private final ProblemResponseWriter writer;

	private final MeterRegistry meters;

	WebBackChannelLogoutFilter(WebOidcLogins logins, WebLogoutTokens tokens, OidcSessionRegistry registry,
			WebSessionsById sessions, ProblemResponseWriter writer, MeterRegistry meters) {
		this.logins = logins;
		this.tokens = tokens;
		this.registry = registry;
		this.sessions = sessions;
		this.writer = writer;
		this.meters = meters;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		RequestMatcher.MatchResult match = MATCHER.matcher(request);
		if (!match.isMatch()) {
			chain.doFilter(request, response);
			return;
		}
		String registrationId = match.getVariables().get("registrationId");
		ClientRegistration registration = registrationId == null ? null
				: this.logins.login(registrationId).orElse(null);
		if (registration == null) {
			invalid(response, "There is no OpenID Connect login of this registration id.");
			return;
		}
		if (!isForm(request.getContentType())) {
			count("invalid");
			this.writer.write(response, ProblemDetails.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
					"Unsupported Media Type", "A logout token comes as application/x-www-form-urlencoded."));
			return;
		}
		// From the form body only: a token in the query string would end up in access logs
		String logoutToken = request.getQueryString() != null && request.getQueryString().contains("logout_token")
				? null : request.getParameter("logout_token");
		if (logoutToken == null || logoutToken.isEmpty()) {
			invalid(response, "The form parameter logout_token is missing.");
			return;
		}
		OidcLogoutToken token;
		try {
			token = this.tokens.verify(registration, logoutToken);
		}
		catch (WebLogoutTokens.InvalidLogoutToken ex) {
			log.info("A back-channel logout token for registration {} was refused: {}", registrationId,
					ex.getMessage());
			invalid(response, "The logout token was refused: " + ex.getMessage() + ".");
			return;
		}
		catch (WebLogoutTokens.KeysUnavailable ex) {
			log.warn("A back-channel logout for registration {} could not be verified: {}", registrationId,
					ex.getMessage());
			failed(response);
			return;
		}
		int ended = endSessions(token, response);
		if (ended < 0) {
			// The provider is asked to send it again: the same token then is no replay
			this.tokens.forget(registration, token);
			return;
		}
		count(ended > 0 ? "ended" : "unknown-session");
		response.setStatus(HttpServletResponse.SC_OK);
		response.setHeader("Cache-Control", "no-store");
	}

	/** How many of the token's sessions were ended; -1 when the answer (503) is written already. */
	private int endSessions(OidcLogoutToken token, HttpServletResponse response) throws IOException {
		List<OidcSessionInformation> pending = new ArrayList<>();
		int ended = 0;
		try {
			this.registry.removeSessionInformation(token).forEach(pending::add);
			while (!pending.isEmpty()) {
				if (this.sessions.end(pending.get(0).getSessionId())) {
					ended++;
				}
				pending.remove(0);
			}
		}
		catch (RuntimeException ex) {
			// Kept for the provider's next attempt (or expiry): the sessions not ended yet
			try {
				pending.forEach(this.registry::saveSessionInformation);
			}
			catch (RuntimeException again) {
				ex.addSuppressed(again);
			}
			log.warn("A back-channel logout ended {} of {} sessions ({})", ended, ended + pending.size(),
					ex.getClass().getSimpleName());
			failed(response);
			return -1;
		}
		return ended;
	}

	/** A provider may send the logout again soon: the keys or the session store are back in seconds, or not. */
	private static final java.time.Duration RETRY_AFTER = java.time.Duration.ofSeconds(5);

	private static boolean isForm(@Nullable String contentType) {
		try {
			return contentType != null && org.springframework.http.MediaType.APPLICATION_FORM_URLENCODED
				.isCompatibleWith(org.springframework.http.MediaType.parseMediaType(contentType));
		}
		catch (org.springframework.http.InvalidMediaTypeException ex) {
			return false;
		}
	}

	private void invalid(HttpServletResponse response, String detail) throws IOException {
		count("invalid");
		ProblemDetail problem = ProblemDetails.of(HttpStatus.BAD_REQUEST, "invalid-logout-token", "Bad Request",
				detail);
		// Back-Channel Logout 1.0 section 2.8: an OAuth 2.0 error in the body
		problem.setProperty("error", "invalid_request");
		problem.setProperty("error_description", detail);
		this.writer.write(response, problem);
	}

	private void failed(HttpServletResponse response) throws IOException {
		count("failed");
		this.writer.write(response, ProblemDetails.of(HttpStatus.SERVICE_UNAVAILABLE, "logout-unavailable",
				"Service Unavailable", "The logout could not be completed now; send it again."), RETRY_AFTER);
	}

	private void count(String outcome) {
		Counter.builder("prism.web.backchannel.logouts")
			.description("OpenID Connect back-channel logouts: ended (sessions were ended), unknown-session (none "
					+ "was left to end), invalid (400), failed (503)")
			.tag("outcome", outcome)
			.register(this.meters)
			.increment();
	}

}
