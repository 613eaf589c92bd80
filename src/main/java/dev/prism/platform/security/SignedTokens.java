package dev.prism.platform.security;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.prism.platform.problem.InvalidRequestException;

/**
 * Opaque, tamper-proof tokens for paging state (mobile cursors, partner page tokens): the payload plus its
 * HMAC-SHA256, base64url-encoded. A token that was altered, truncated or signed with another key does not decode.
 */
public final class SignedTokens {

	private static final int MAC_BYTES = 16;

	/** The largest payload a token carries, in UTF-8 bytes. */
	public static final int MAX_PAYLOAD_BYTES = 256;

	private static final int MAX_TOKEN_LENGTH = 512;

	private final SecretKeySpec key;

	private final String kind;

	/**
	 * @param secret the HMAC key; when {@code null} a random one is made, valid only for this process (set one
	 * when several instances serve the same clients)
	 * @param kind what the tokens are, for error messages ({@code cursor}, {@code page token})
	 */
	public SignedTokens(String secret, String kind) {
		byte[] bytes;
		if (secret == null || secret.isBlank()) {
			bytes = new byte[32];
			new SecureRandom().nextBytes(bytes);
		}
		else {
			bytes = secret.getBytes(StandardCharsets.UTF_8);
		}
		this.key = new SecretKeySpec(bytes, "HmacSHA256");
		this.kind = kind;
	}

	public String encode(String payload) {
		byte[] data = payload.getBytes(StandardCharsets.UTF_8);
		if (data.length > MAX_PAYLOAD_BYTES) {
			throw new IllegalArgumentException("A token payload has at most " + MAX_PAYLOAD_BYTES + " bytes");
		}
		byte[] mac = mac(data);
		byte[] token = new byte[data.length + MAC_BYTES];
		System.arraycopy(data, 0, token, 0, data.length);
		System.arraycopy(mac, 0, token, data.length, MAC_BYTES);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
	}

	/**
	 * @throws InvalidRequestException when the token is malformed or was not signed by this key
	 */
	public String decode(String token) {
		try {
			if (token.length() > MAX_TOKEN_LENGTH) {
				throw invalid();
			}
			byte[] bytes = Base64.getUrlDecoder().decode(token);
			if (bytes.length < MAC_BYTES
					|| !Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).equals(token)) {
				// Only the canonical encoding is accepted: no two strings are the same token.
				throw invalid();
			}
			byte[] data = java.util.Arrays.copyOf(bytes, bytes.length - MAC_BYTES);
			byte[] mac = java.util.Arrays.copyOfRange(bytes, bytes.length - MAC_BYTES, bytes.length);
			if (!MessageDigest.isEqual(java.util.Arrays.copyOf(mac(data), MAC_BYTES), mac)) {
				throw invalid();
			}
			return new String(data, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw invalid();
		}
	}

	private InvalidRequestException invalid() {
		return new InvalidRequestException("invalid-" + this.kind.replace(' ', '-'), "Invalid " + this.kind,
				"The " + this.kind + " is not one Prism issued. Start again without it.");
	}

	private byte[] mac(byte[] data) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(this.key);
			return mac.doFinal(data);
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
