package dev.prism.web;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encrypts what a web session keeps of its OpenID Connect tokens with AES-256-GCM under
 * {@code prism.web.session.encryption-key}: a fresh 96-bit nonce per value, the 128-bit tag, and its purpose (a
 * session's tokens, unless {@link #forPurpose}) as associated data, so a sealed value opens only under the same key
 * and for this use. Sealed values read
 * {@code v1.<base64url(nonce | ciphertext | tag)>}.
 */
final class WebTokenCipher {

	static final String KEY_PROPERTY = "prism.web.session.encryption-key";

	private static final Logger log = LoggerFactory.getLogger(WebTokenCipher.class);

	private static final String VERSION = "v1.";

	private static final int KEY_BYTES = 32;

	private static final int NONCE_BYTES = 12;

	private static final int TAG_BITS = 128;

	private static final String PURPOSE = "prism.web.session.tokens.v1";

	private final SecretKey key;

	private final byte[] purpose;

	private final SecureRandom random = new SecureRandom();

	private WebTokenCipher(byte[] key) {
		this(new SecretKeySpec(key, "AES"), PURPOSE);
	}

	private WebTokenCipher(SecretKey key, String purpose) {
		this.key = key;
		this.purpose = purpose.getBytes(StandardCharsets.US_ASCII);
	}

	/**
	 * The same key for another use: what one seals, the other does not open (the purpose is the associated data), so
	 * a value sealed for a session is never taken for, say, an authorization request, nor the other way round.
	 */
	WebTokenCipher forPurpose(String purpose) {
		return new WebTokenCipher(this.key, purpose);
	}

	/**
	 * The cipher of {@code base64Key} (32 bytes, standard or URL-safe base64); when it is not set, one with a key made
	 * up for this process, which says so: sessions of another instance, or of this one before a restart, then lose
	 * their tokens (their users log in again).
	 */
	static WebTokenCipher of(@Nullable String base64Key) {
		if (base64Key == null || base64Key.isBlank()) {
			log.warn("{} is not set: the tokens of OpenID Connect sessions are encrypted with a key made up for this "
					+ "process, so no other instance (nor this one after a restart) can read them. Set it (32 random "
					+ "bytes, base64) wherever sessions must survive; prod requires it.", KEY_PROPERTY);
			byte[] key = new byte[KEY_BYTES];
			new SecureRandom().nextBytes(key);
			return new WebTokenCipher(key);
		}
		byte[] key = decode(base64Key.trim());
		if (key.length != KEY_BYTES) {
			throw new IllegalArgumentException(KEY_PROPERTY + " must be 32 bytes (256 bits) in base64, e.g. the output "
					+ "of `openssl rand -base64 32`; it has " + key.length + " bytes");
		}
		return new WebTokenCipher(key);
	}

	private static byte[] decode(String base64) {
		try {
			return Base64.getDecoder().decode(base64);
		}
		catch (IllegalArgumentException notStandard) {
			try {
				return Base64.getUrlDecoder().decode(base64);
			}
			catch (IllegalArgumentException notUrlSafe) {
				throw new IllegalArgumentException(KEY_PROPERTY + " is not base64");
			}
		}
	}

	String seal(byte[] plaintext) {
		byte[] nonce = new byte[NONCE_BYTES];
		this.random.nextBytes(nonce);
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, nonce));
			cipher.updateAAD(this.purpose);
			byte[] sealed = cipher.doFinal(plaintext);
			byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
			System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
			return VERSION + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM is not available", ex);
		}
	}

	/** The plaintext, or none when {@code sealed} was not sealed under this key (another key, altered, garbage). */
	Optional<byte[]> open(String sealed) {
		if (!sealed.startsWith(VERSION)) {
			return Optional.empty();
		}
		try {
			byte[] in = Base64.getUrlDecoder().decode(sealed.substring(VERSION.length()));
			if (in.length < NONCE_BYTES + TAG_BITS / 8) {
				return Optional.empty();
			}
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
			cipher.updateAAD(this.purpose);
			return Optional.of(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES));
		}
		catch (IllegalArgumentException | GeneralSecurityException ex) {
			return Optional.empty();
		}
	}

	@Override
	public String toString() {
		return "WebTokenCipher[AES-256-GCM]";
	}

}
