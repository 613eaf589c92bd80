package dev.prism.web;

import java.util.List;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.prism.platform.problem.ProblemException;

/** Who am I, log in, log out — the browser's session, always answering with a fresh CSRF cookie. */
@RestController
@RequestMapping("/web/api/session")
@Tag(name = "Session", description = "Logging in and out, and who is logged in")
class WebSessionController {

	private final WebLogin login;

	private final @Nullable WebOidcLogout oidcLogout;

	private final List<LoginView> oidcLogins;

	WebSessionController(WebLogin login, ObjectProvider<WebOidcLogout> oidcLogout,
			ObjectProvider<WebOidcLogins> oidcLogins) {
		this.login = login;
		this.oidcLogout = oidcLogout.getIfAvailable();
		WebOidcLogins logins = oidcLogins.getIfAvailable();
		this.oidcLogins = logins == null ? List.of()
				: logins.all()
					.stream()
					.map(registration -> new LoginView(registration.getRegistrationId(),
							registration.getClientName(),
							WebOidcLogins.AUTHORIZATION_BASE_URI + "/" + registration.getRegistrationId()))
					.toList();
	}

	record Credentials(@NotBlank @Size(max = 100) String username, @NotBlank @Size(max = 200) String password) {
	}

	record SessionView(String username, String customerId) {
	}

	/**
	 * @param id the registration id
	 * @param name what the login button says: "Log in with {name}"
	 * @param url where the browser navigates to log in at the provider
	 */
	record LoginView(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String id,
			@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String name,
			@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String url) {
	}

	/** @param items the OpenID Connect logins, besides the password form; none when no provider is configured */
	record LoginsView(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<LoginView> items) {
	}

	/** @param logoutUrl where the browser goes next, so the identity provider ends its session too */
	record LogoutView(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String logoutUrl) {

		@Override
		public String toString() {
			return "LogoutView[...]";
		}

	}

	@GetMapping
	@Operation(summary = "Who is logged in",
			description = "Always sets the XSRF-TOKEN cookie (Set-Cookie), logged in or not: the SPA calls this first.")
	@ApiResponse(responseCode = "200", description = "The user logged in on this session")
	@ApiResponse(responseCode = "401", description = "Nobody is logged in on this session")
	ResponseEntity<SessionView> whoAmI(@Parameter(hidden = true) Authentication authentication,
			@Parameter(hidden = true) CsrfToken csrf) {
		csrf.getToken(); // materialises the deferred token, so the XSRF-TOKEN cookie is always (re)set
		String customerId = this.login.customerIdOf(authentication).orElseThrow(NotLoggedIn::new);
		return ResponseEntity.ok()
			.cacheControl(CacheControl.noStore())
			.body(new SessionView(authentication.getName(), customerId));
	}

	@GetMapping("/logins")
	@Operation(summary = "The ways to log in besides the password",
			description = "The OpenID Connect providers a browser may log in with: it navigates to url, logs in at the "
					+ "provider, and comes back logged in on this session.")
	@ApiResponse(responseCode = "200", description = "The OpenID Connect logins, possibly none")
	ResponseEntity<LoginsView> logins() {
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(new LoginsView(this.oidcLogins));
	}

	@PostMapping
	@Operation(summary = "Log in",
			description = "Checks the password and logs the user in on this session: a new session id in the session "
					+ "cookie and a new XSRF-TOKEN cookie (Set-Cookie). Repeated failures per username and per client "
					+ "address are throttled.")
	@ApiResponse(responseCode = "200", description = "Logged in")
	@ApiResponse(responseCode = "401", description = "Wrong username or password")
	@ApiResponse(responseCode = "429",
			description = "Too many failed logins for this username or from this address; retry after Retry-After seconds")
	ResponseEntity<SessionView> logIn(@Valid @RequestBody Credentials credentials, HttpServletRequest request,
			HttpServletResponse response) {
		Authentication authenticated = this.login.login(credentials.username(), credentials.password(), request,
				response);
		String customerId = this.login.customerIdOf(authenticated).orElseThrow(NotLoggedIn::new);
		return ResponseEntity.ok()
			.cacheControl(CacheControl.noStore())
			.body(new SessionView(authenticated.getName(), customerId));
	}

	@DeleteMapping
	@Operation(summary = "Log out",
			description = "Ends the session, if any, and clears the XSRF-TOKEN cookie. A session logged in through an "
					+ "OpenID Connect provider also has its refresh token revoked at the provider where it offers "
					+ "revocation, and gets the provider's logout URL (RP-initiated logout), which the browser "
					+ "navigates to so the provider ends its own session and sends it back to the storefront.")
	@ApiResponse(responseCode = "200",
			description = "Logged out of an OpenID Connect session: the browser goes on to logoutUrl, the provider's "
					+ "end_session_endpoint with id_token_hint and post_logout_redirect_uri",
			content = @Content(schema = @Schema(implementation = LogoutView.class)))
	@ApiResponse(responseCode = "204",
			description = "Logged out (a password session, no session, or a provider without end_session_endpoint)")
	ResponseEntity<LogoutView> logOut(HttpServletRequest request, HttpServletResponse response,
			@Parameter(hidden = true) Authentication authentication) {
		Optional<String> logoutUrl = Optional.empty();
		if (this.oidcLogout != null && authentication instanceof OAuth2AuthenticationToken oidc) {
			logoutUrl = this.oidcLogout.logOut(request, response, oidc);
		}
		WebTokenRefreshFilter.endSession(request, response, this.login.csrfTokens());
		return logoutUrl
			.map(url -> ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(new LogoutView(url)))
			.orElseGet(() -> ResponseEntity.noContent().build());
	}

	/** Nobody is logged in on this session. */
	static final class NotLoggedIn extends ProblemException {

		NotLoggedIn() {
			super(org.springframework.http.HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized",
					"Nobody is logged in on this session: POST /web/api/session.");
		}

	}

}
