package dev.prism.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
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

	WebSessionController(WebLogin login) {
		this.login = login;
	}

	record Credentials(@NotBlank @Size(max = 100) String username, @NotBlank @Size(max = 200) String password) {
	}

	record SessionView(String username, String customerId) {
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
	@Operation(summary = "Log out", description = "Ends the session, if any, and clears the XSRF-TOKEN cookie.")
	@ApiResponse(responseCode = "204", description = "Logged out")
	ResponseEntity<Void> logOut(HttpServletRequest request, HttpServletResponse response) {
		HttpSession session = request.getSession(false);
		if (session != null) {
			session.invalidate();
		}
		SecurityContextHolder.clearContext();
		this.login.csrfTokens().saveToken(null, request, response);
		return ResponseEntity.noContent().build();
	}

	/** Nobody is logged in on this session. */
	static final class NotLoggedIn extends ProblemException {

		NotLoggedIn() {
			super(org.springframework.http.HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized",
					"Nobody is logged in on this session: POST /web/api/session.");
		}

	}

}
