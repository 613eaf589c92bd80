package dev.prism.platform.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.Semaphore;

import javax.cache.Cache;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * The admin identity's HTTP Basic check, guarded so it cannot be used to burn CPU: a verified credential is remembered
 * for a while (a metrics scraper's every request does not cost a bcrypt check), an address gets
 * {@code prism.admin.login.max-failures} wrong attempts per window (throttled per address only: a per-username block
 * would let anyone lock the scraper out), and at most {@link #CONCURRENT_CHECKS} password checks run at once; past
 * either limit the answer is 429 without a check. Remembered credentials are keyed by an HMAC under a key of this
 * process, never by the password.
 */
class AdminAuthentication implements AuthenticationProvider {

	static final int CONCURRENT_CHECKS = 2;

	private final AuthenticationProvider passwords;

	private final AttemptThrottle byAddress;

	private final Cache<String, Authentication> verified;

	private final Semaphore checks = new Semaphore(CONCURRENT_CHECKS);

	private final SecretKeySpec fingerprintKey;

	AdminAuthentication(AuthenticationProvider passwords, AttemptThrottle byAddress,
			Cache<String, Authentication> verified) {
		this.passwords = passwords;
		this.byAddress = byAddress;
		this.verified = verified;
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		this.fingerprintKey = new SecretKeySpec(key, "HmacSHA256");
	}

	@Override
	public @Nullable Authentication authenticate(Authentication authentication) throws AuthenticationException {
		String fingerprint = fingerprint(authentication.getName(), String.valueOf(authentication.getCredentials()));
		Authentication known = this.verified.get(fingerprint);
		if (known != null) {
			return known;
		}
		String address = authentication.getDetails() instanceof WebAuthenticationDetails details
				? details.getRemoteAddress() : "unknown";
		if (!this.byAddress.tryAcquire(address)) {
			throw new AttemptsThrottledException("too-many-login-attempts",
					"Too many failed admin logins from this address. Try again later.",
					this.byAddress.retryAfter(address));
		}
		if (!this.checks.tryAcquire()) {
			this.byAddress.release(address);
			throw new AttemptsThrottledException("too-many-login-attempts",
					"Too many admin logins at once. Try again in a moment.", Duration.ofSeconds(1));
		}
		try {
			Authentication authenticated = this.passwords.authenticate(authentication);
			this.byAddress.release(address);
			if (authenticated != null) {
				this.verified.put(fingerprint, authenticated);
			}
			return authenticated;
		}
		finally {
			this.checks.release();
		}
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
	}

	private String fingerprint(String username, String password) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(this.fingerprintKey);
			mac.update(username.getBytes(StandardCharsets.UTF_8));
			mac.update((byte) 0);
			return HexFormat.of().formatHex(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
