package dev.prism.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;

/** The admin's guarded password check on its own, with a password check the test holds. */
class AdminAuthenticationTests {

	private final AttemptThrottles throttles = new AttemptThrottles(Clock.systemUTC());

	private final AtomicInteger checks = new AtomicInteger();

	private final CountDownLatch release = new CountDownLatch(1);

	private final CountDownLatch twoInFlight = new CountDownLatch(2);

	private volatile boolean hold;

	/** Accepts "admin-demo", counts every check, and holds the checks while {@link #hold} is set. */
	private final AuthenticationProvider passwords = new AuthenticationProvider() {

		@Override
		public Authentication authenticate(Authentication authentication) {
			AdminAuthenticationTests.this.checks.incrementAndGet();
			if (AdminAuthenticationTests.this.hold) {
				AdminAuthenticationTests.this.twoInFlight.countDown();
				try {
					AdminAuthenticationTests.this.release.await(30, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			if (!"admin-demo".equals(authentication.getCredentials())) {
				throw new BadCredentialsException("wrong");
			}
			return UsernamePasswordAuthenticationToken.authenticated("admin", null, java.util.List.of());
		}

		@Override
		public boolean supports(Class<?> authentication) {
			return true;
		}

	};

	private final AdminAuthentication admin = new AdminAuthentication(this.passwords,
			this.throttles.create("admin", 100, Duration.ofMinutes(15), 1_000),
			this.throttles.remembered("verified", Authentication.class, 10, Duration.ofMinutes(5)));

	@AfterEach
	void close() {
		this.release.countDown();
		this.throttles.close();
	}

	private static Authentication basic(String password) {
		return UsernamePasswordAuthenticationToken.unauthenticated("admin", password);
	}

	@Test
	void noMoreThanTwoPasswordChecksRunAtOnce() throws Exception {
		this.hold = true;
		// Given two checks in flight
		CompletableFuture<Authentication> first = CompletableFuture.supplyAsync(() -> this.admin.authenticate(basic("admin-demo")));
		CompletableFuture<Authentication> second = CompletableFuture.supplyAsync(() -> this.admin.authenticate(basic("admin-demo")));
		assertThat(this.twoInFlight.await(30, TimeUnit.SECONDS)).isTrue();

		// Then a third is refused at once, unchecked
		assertThatThrownBy(() -> this.admin.authenticate(basic("guess"))).isInstanceOf(AttemptsThrottledException.class);
		assertThat(this.checks).hasValue(2);

		// And once they are done, checks run again
		this.release.countDown();
		assertThat(first.get(30, TimeUnit.SECONDS).isAuthenticated()).isTrue();
		assertThat(second.get(30, TimeUnit.SECONDS).isAuthenticated()).isTrue();
		this.hold = false;
		assertThatThrownBy(() -> this.admin.authenticate(basic("guess"))).isInstanceOf(BadCredentialsException.class);
	}

	@Test
	void aVerifiedCredentialIsRememberedAndAWrongOneNever() {
		this.admin.authenticate(basic("admin-demo"));
		this.admin.authenticate(basic("admin-demo"));
		assertThat(this.checks).as("checked once, then remembered").hasValue(1);

		assertThatThrownBy(() -> this.admin.authenticate(basic("admin-demo2"))).isInstanceOf(BadCredentialsException.class);
		assertThatThrownBy(() -> this.admin.authenticate(basic("admin-demo2"))).isInstanceOf(BadCredentialsException.class);
		assertThat(this.checks).hasValue(3);
	}

}
