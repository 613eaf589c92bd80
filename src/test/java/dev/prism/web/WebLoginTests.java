package dev.prism.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;

import dev.prism.platform.security.AttemptThrottles;
import dev.prism.platform.problem.ProblemException;

/**
 * The web login on its own: throttling per username and per client address (which a test over loopback cannot
 * vary), one answer for wrong username and wrong password, session id changed and context stored at login.
 */
class WebLoginTests {

	private final WebLogin login = new WebLogin(new WebProperties(Duration.ofSeconds(2), 256, 8, 20, 480, 4,
			Map.of("alice", new WebProperties.User("{noop}wonderland", "c-1001"), "bob",
					new WebProperties.User("{noop}builder", "c-1002")),
			Map.of(), new WebProperties.Cors(null), new WebProperties.Login(2, Duration.ofMinutes(15)),
			WebProperties.Oidc.defaults(), new WebProperties.Session(null)),
			WebLogin.csrfTokenRepository(false), new AttemptThrottles(Clock.systemUTC()));

	@AfterEach
	void clearContext() {
		SecurityContextHolder.clearContext();
	}

	private Authentication logIn(String username, String password, String address) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/web/api/session");
		request.setRemoteAddr(address);
		return this.login.login(username, password, request, new MockHttpServletResponse());
	}

	private static HttpStatus statusOf(Runnable call) {
		try {
			call.run();
			return HttpStatus.OK;
		}
		catch (ProblemException ex) {
			return ex.status();
		}
	}

	@Test
	void aUsernameIsLockedAfterRepeatedFailuresFromAnyAddress() {
		// Given two failures for alice, each from another address (a distributed guess)
		assertThat(statusOf(() -> logIn("alice", "guess-1", "203.0.113.1"))).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(statusOf(() -> logIn("ALICE", "guess-2", "203.0.113.2"))).isEqualTo(HttpStatus.UNAUTHORIZED);

		// Then even the right password from a third address is refused with 429 and a Retry-After
		assertThatThrownBy(() -> logIn("alice", "wonderland", "203.0.113.3")).isInstanceOfSatisfying(
				ProblemException.class, ex -> {
					assertThat(ex.status()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
					assertThat(ex.retryAfter()).hasValueSatisfying(wait -> assertThat(wait).isPositive());
				});
		// And other users are not affected
		assertThat(logIn("bob", "builder", "203.0.113.3").getName()).isEqualTo("bob");
	}

	@Test
	void anAddressIsRefusedItsWrongPasswordsAfterManyFailuresButNeverTheRightOne() {
		// Given one address trying many usernames (four times maxFailures: 8 failures)
		for (int i = 0; i < 8; i++) {
			int user = i;
			assertThat(statusOf(() -> logIn("user-" + user, "x", "198.51.100.7"))).isEqualTo(HttpStatus.UNAUTHORIZED);
		}

		// Then its next wrong password is refused with 429
		assertThat(statusOf(() -> logIn("user-9", "x", "198.51.100.7"))).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
		// But a user behind the same address (an office, carrier NAT) still logs in with the right password
		assertThat(logIn("alice", "wonderland", "198.51.100.7").getName()).isEqualTo("alice");
	}

	@Test
	void anUnknownUserAndAWrongPasswordGetTheSameAnswer() {
		ProblemException unknown = (ProblemException) org.assertj.core.api.Assertions
			.catchThrowable(() -> logIn("mallory", "wonderland", "192.0.2.20"));
		ProblemException wrong = (ProblemException) org.assertj.core.api.Assertions
			.catchThrowable(() -> logIn("alice", "not-it", "192.0.2.20"));

		assertThat(unknown.status()).isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(unknown.detail()).isEqualTo(wrong.detail());
		assertThat(unknown.kind()).isEqualTo(wrong.kind());
	}

	@Test
	void loginChangesTheSessionIdAndStoresTheContextInTheSession() {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/web/api/session");
		request.setRemoteAddr("192.0.2.30");
		String before = request.getSession(true).getId();

		Authentication authenticated = this.login.login("bob", "builder", request, new MockHttpServletResponse());

		assertThat(request.getSession(false).getId()).isNotEqualTo(before);
		assertThat(request.getSession(false)
			.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY)).isNotNull();
		assertThat(this.login.customerIdOf(authenticated)).hasValue("c-1002");
	}

}
