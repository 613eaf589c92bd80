package dev.prism.platform.security;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.prism.platform.problem.InvalidRequestException;

import org.jspecify.annotations.Nullable;

/**
 * Opaque, tamper-proof tokens for paging state (mobile cursors, partner page tokens): the payload, such as a
 * {@link Page}, plus its HMAC-SHA256, base64url-encoded. A token that was altered, truncated or signed with another key
 * does not decode.
 */
public final class SignedTokens {

	private static final int MAC_BYTES = 16;

	/** The largest payload a token carries, in UTF-8 bytes. */
	public static final int MAX_PAYLOAD_BYTES = 256;

	private static final int MAX_TOKEN_LENGTH = 512;

	/** The version and separator that open a page token's payload. */
	private static final String PAGE_PREFIX = "v1:";

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
		String payload = payload(token);
		if (payload == null) {
			throw invalid();
		}
		return payload;
	}

	/** A token naming {@code page}: the payload {@code v1:<page>:<size>}, signed. */
	public String encodePage(Page page) {
		return encode(PAGE_PREFIX + page.page() + ":" + page.size());
	}

	/**
	 * The page a token of {@link #encodePage} names.
	 * @throws InvalidRequestException when the token is malformed, was not signed by this key, or does not name a
	 * page of 1 to {@code maxSize} items
	 */
	public Page decodePage(String token, int maxSize) {
		String payload = payload(token);
		Page page = payload == null ? null : page(payload, maxSize);
		if (page == null) {
			throw invalid();
		}
		return page;
	}

	/**
	 * A position in a paged list that a token carries: the page, from 0, and the page size, which the first page
	 * fixes so that paging visits every item exactly once.
	 */
	public record Page(int page, int size) {

		public Page {
			if (page < 0 || size < 1) {
				throw new IllegalArgumentException("A page is 0 or more, of 1 item or more: " + page + ", " + size);
			}
		}

		/** The first page: {@code requested} items, the default when {@code null}, and at most {@code maxSize}. */
		public static Page first(Integer requested, int defaultSize, int maxSize) {
			return new Page(0, Math.min(requested == null ? defaultSize : requested, maxSize));
		}

		/** The page after this one, of the same size. */
		public Page next() {
			return new Page(this.page + 1, this.size);
		}

	}

	/** The payload of {@code token}, or {@code null} when it is malformed or was not signed by this key. */
	private @Nullable String payload(String token) {
		// Only the canonical unpadded base64url encoding is accepted, so no two strings are the same token (and the
		// decoder, given nothing else, never fails).
		if (token.length() > MAX_TOKEN_LENGTH || token.length() % 4 == 1 || !isBase64Url(token)) {
			return null;
		}
		byte[] bytes = Base64.getUrlDecoder().decode(token);
		if (bytes.length < MAC_BYTES || !Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).equals(token)) {
			return null;
		}
		byte[] data = Arrays.copyOf(bytes, bytes.length - MAC_BYTES);
		byte[] mac = Arrays.copyOfRange(bytes, bytes.length - MAC_BYTES, bytes.length);
		if (!MessageDigest.isEqual(Arrays.copyOf(mac(data), MAC_BYTES), mac)) {
			return null;
		}
		return new String(data, StandardCharsets.UTF_8);
	}

	private static boolean isBase64Url(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
				return false;
			}
		}
		return true;
	}

	/** The page {@code v1:<page>:<size>} names, or {@code null} when it names none or one over the maximum size. */
	private static @Nullable Page page(String payload, int maxSize) {
		int separator = payload.indexOf(':', PAGE_PREFIX.length());
		if (!payload.startsWith(PAGE_PREFIX) || separator < 0) {
			return null;
		}
		int page = number(payload, PAGE_PREFIX.length(), separator);
		int size = number(payload, separator + 1, payload.length());
		return page >= 0 && size >= 1 && size <= maxSize ? new Page(page, size) : null;
	}

	/**
	 * The decimal number {@code text} holds from {@code from} up to {@code to}, or -1 when that is empty, not only
	 * digits, or more than an {@code int} holds.
	 */
	private static int number(String text, int from, int to) {
		if (from >= to || to - from > 10) {
			return -1;
		}
		long value = 0;
		for (int i = from; i < to; i++) {
			char c = text.charAt(i);
			if (c < '0' || c > '9') {
				return -1;
			}
			value = value * 10 + (c - '0');
		}
		return value <= Integer.MAX_VALUE ? (int) value : -1;
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
