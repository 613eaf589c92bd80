package dev.prism.web;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.authentication.session.ChangeSessionIdAuthenticationStrategy;
import org.springframework.security.web.authentication.session.CompositeSessionAuthenticationStrategy;
import org.springframework.security.web.authentication.session.SessionAuthenticationStrategy;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfAuthenticationStrategy;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;

import dev.prism.platform.security.AttemptThrottle;
import dev.prism.platform.security.AttemptThrottles;
import dev.prism.platform.problem.ProblemException;

/**
 * Session login for the web channel: checks the user's password (users from {@code prism.web.users.*}, hashes in
 * Spring Security's {@code {id}} form), throttles repeated failures per username and per client address, and on
 * success changes the session id (no fixation), rotates the CSRF token and stores the security context in the session.
 */
class WebLogin {

	/** The ID-token claim naming the customer account of a user who logged in through OpenID Connect. */
	static final String CUSTOMER_ID_CLAIM = "customer_id";

	/** Usernames and addresses remembered by each login throttle at most. */
	static final long MAX_THROTTLED_KEYS = 100_000;

	private final AuthenticationManager authentication;

	private final WebProperties properties;

	private final AttemptThrottle byUsername;

	private final AttemptThrottle byAddress;

	private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();

	private final SessionAuthenticationStrategy sessionStrategy;

	private final CsrfTokenRepository csrfTokens;

	WebLogin(WebProperties properties, CsrfTokenRepository csrfTokens, AttemptThrottles throttles) {
		this.properties = properties;
		this.csrfTokens = csrfTokens;
		List<UserDetails> users = properties.users()
			.entrySet()
			.stream()
			.map(user -> User.withUsername(user.getKey())
				.password(user.getValue().password())
				.roles("CUSTOMER")
				.build())
			.toList();
		DaoAuthenticationProvider provider = new DaoAuthenticationProvider(new InMemoryUserDetailsManager(users));
		provider.setPasswordEncoder(PasswordEncoderFactories.createDelegatingPasswordEncoder());
		this.authentication = new ProviderManager(provider);
		this.byUsername = throttles.create("web.login.username", properties.login().maxFailures(),
				properties.login().window(), MAX_THROTTLED_KEYS);
		// An address may try a few usernames before it is stopped, but not many.
		this.byAddress = throttles.create("web.login.address", properties.login().maxFailures() * 4,
				properties.login().window(), MAX_THROTTLED_KEYS);
		this.sessionStrategy = new CompositeSessionAuthenticationStrategy(
				List.of(new ChangeSessionIdAuthenticationStrategy(), new CsrfAuthenticationStrategy(csrfTokens)));
	}

	/**
	 * The {@code XSRF-TOKEN} cookie (readable by the SPA, which echoes it), {@code SameSite=Strict}, and
	 * {@code Secure} always when {@code secure} (prod, also behind a TLS-terminating proxy), else on TLS requests.
	 */
	static CsrfTokenRepository csrfTokenRepository(boolean secure) {
		CookieCsrfTokenRepository repository = CookieCsrfTokenRepository.withHttpOnlyFalse();
		repository.setCookieCustomizer(cookie -> {
			cookie.sameSite("Strict");
			if (secure) {
				cookie.secure(true);
			}
		});
		return repository;
	}

	CsrfTokenRepository csrfTokens() {
		return this.csrfTokens;
	}

	/**
	 * Logs the user in on this session, or throws a 401/429 problem. An attempt is reserved for the username before
	 * the password is checked, so parallel guesses cannot pass the limit; a blocked username refuses even the right
	 * password (no password oracle). A blocked address never refuses a right password (offices and carrier NAT share
	 * addresses): it only turns the wrong ones into 429s.
	 */
	Authentication login(String username, String password, HttpServletRequest request, HttpServletResponse response) {
		String address = request.getRemoteAddr();
		String user = "user:" + username.toLowerCase(java.util.Locale.ROOT);
		if (!this.byUsername.tryAcquire(user)) {
			throw new TooManyLoginAttempts(this.byUsername.retryAfter(user));
		}
		Authentication authenticated;
		try {
			authenticated = this.authentication
				.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(username, password));
		}
		catch (AuthenticationException ex) {
			// The username's reserved attempt stays counted as its failure.
			if (this.byAddress.recordFailure(address)) {
				throw new TooManyLoginAttempts(this.byAddress.retryAfter(address));
			}
			throw new WrongCredentials();
		}
		this.byUsername.reset(user);
		this.sessionStrategy.onAuthentication(authenticated, request, response);
		// An OpenID Connect login this session had before is over: its tokens go with it. Only when it had them:
		// Spring Session writes a removal as an empty field, which every session in Redis would then carry.
		HttpSession session = request.getSession();
		if (session.getAttribute(WebSessionTokenRepository.ATTRIBUTE) != null) {
			session.removeAttribute(WebSessionTokenRepository.ATTRIBUTE);
		}
		// The CSRF token was rotated; hand the new one to the browser in this very answer.
		Object rotated = request.getAttribute(CsrfToken.class.getName());
		if (rotated instanceof CsrfToken token) {
			token.getToken();
		}
		SecurityContext context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(authenticated);
		SecurityContextHolder.setContext(context);
		this.contexts.saveContext(context, request, response);
		return authenticated;
	}

	/** The customer account of a logged-in user. */
	Optional<String> customerIdOf(Authentication authentication) {
		if (authentication == null || !authentication.isAuthenticated()) {
			return Optional.empty();
		}
		if (authentication.getPrincipal() instanceof OidcUser oidc) {
			// Logged in through the identity provider: the customer account is its customer_id claim.
			return Optional.ofNullable(oidc.getClaimAsString(CUSTOMER_ID_CLAIM));
		}
		return Optional.ofNullable(this.properties.users().get(authentication.getName()))
			.map(WebProperties.User::customerId);
	}

	/** Wrong username or password: one answer for both, so usernames cannot be probed. */
	static final class WrongCredentials extends ProblemException {

		WrongCredentials() {
			super(org.springframework.http.HttpStatus.UNAUTHORIZED, "invalid-credentials", "Unauthorized",
					"Wrong username or password.");
		}

	}

	/** Too many failed logins for this username or from this address. */
	static final class TooManyLoginAttempts extends ProblemException {

		TooManyLoginAttempts(Duration wait) {
			super(org.springframework.http.HttpStatus.TOO_MANY_REQUESTS, "too-many-login-attempts",
					"Too many requests", "Too many failed logins. Try again later.",
					wait.isZero() ? Duration.ofSeconds(60) : wait, null, null);
		}

	}


}
