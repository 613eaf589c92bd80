package dev.prism.web;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.ClientAuthorizationRequiredException;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.prism.platform.problem.ProblemDetails;
import dev.prism.platform.problem.ProblemResponseWriter;

/**
 * In the web chain, after authorization: every {@code /web/api/**} request of a session logged in through OpenID
 * Connect gets a valid access token first ({@link WebTokenRefresher}), which web code then reads with
 * {@link WebAccessToken}. When the session is over the answer is 401 {@code urn:prism:problem:session-expired} and the
 * session ends; when the provider cannot refresh due tokens now, 503
 * {@code urn:prism:problem:identity-provider-unavailable} and the session stays. Never a redirect to the provider: a
 * single-page app cannot follow one — not even for a {@link ClientAuthorizationRequiredException} from further down.
 * Logging in and out (and the OpenID Connect login's own endpoints) need no fresh token.
 */
final class WebTokenRefreshFilter extends OncePerRequestFilter {

	/** How soon a client may try again after the provider could not refresh its tokens. */
	static final Duration RETRY_AFTER = Duration.ofSeconds(5);

	private final WebTokenRefresher refresher;

	private final WebOidcLogins logins;

	private final CsrfTokenRepository csrfTokens;

	private final ProblemResponseWriter writer;

	WebTokenRefreshFilter(WebTokenRefresher refresher, WebOidcLogins logins, CsrfTokenRepository csrfTokens,
			ProblemResponseWriter writer) {
		this.refresher = refresher;
		this.logins = logins;
		this.csrfTokens = csrfTokens;
		this.writer = writer;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return !path.startsWith("/web/api/") || path.startsWith("/web/api/oauth2/")
				|| (path.equals("/web/api/session") && !"GET".equals(request.getMethod()));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication instanceof OAuth2AuthenticationToken oidc
				&& this.logins.isLogin(oidc.getAuthorizedClientRegistrationId())) {
			WebTokenRefresher.Outcome outcome = this.refresher.ensureValid(request, response, oidc);
			if (outcome instanceof WebTokenRefresher.Expired) {
				sessionExpired(request, response);
				return;
			}
			if (outcome instanceof WebTokenRefresher.Unavailable) {
				this.writer.write(response,
						ProblemDetails.of(HttpStatus.SERVICE_UNAVAILABLE, "identity-provider-unavailable",
								"Service unavailable",
								"The identity provider cannot renew this session's login right now. Try again shortly."),
						RETRY_AFTER);
				return;
			}
			WebAccessToken.set(request, ((WebTokenRefresher.Valid) outcome).accessToken());
		}
		try {
			chain.doFilter(request, response);
		}
		catch (ClientAuthorizationRequiredException ex) {
			sessionExpired(request, response);
		}
	}

	private void sessionExpired(HttpServletRequest request, HttpServletResponse response) throws IOException {
		endSession(request, response, this.csrfTokens);
		this.writer.write(response, ProblemDetails.of(HttpStatus.UNAUTHORIZED, "session-expired", "Unauthorized",
				"The session has expired: log in again."));
	}

	/** Ends the request's session: no session, no security context, no CSRF token. */
	static void endSession(HttpServletRequest request, HttpServletResponse response, CsrfTokenRepository csrfTokens) {
		HttpSession session = request.getSession(false);
		if (session != null) {
			session.invalidate();
		}
		SecurityContextHolder.clearContext();
		csrfTokens.saveToken(null, request, response);
	}

}
