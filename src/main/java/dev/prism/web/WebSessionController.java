package dev.prism.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

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

import dev.prism.platform.ProblemException;

/** Who am I, log in, log out — the browser's session, always answering with a fresh CSRF cookie. */
@RestController
@RequestMapping("/web/api/session")
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
	ResponseEntity<SessionView> whoAmI(Authentication authentication, CsrfToken csrf) {
		csrf.getToken(); // materialises the deferred token, so the XSRF-TOKEN cookie is always (re)set
		String customerId = this.login.customerIdOf(authentication).orElseThrow(NotLoggedIn::new);
		return ResponseEntity.ok()
			.cacheControl(CacheControl.noStore())
			.body(new SessionView(authentication.getName(), customerId));
	}

	@PostMapping
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
