package dev.prism.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

import org.junit.jupiter.api.Test;

/** The sealing of a session's tokens: AES-256-GCM under the configured key, and nothing opens what it did not seal. */
class WebTokenCipherTests {

	static String key() {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		return Base64.getEncoder().encodeToString(key);
	}

	private final byte[] tokens = "{\"accessToken\":\"at-1\",\"refreshToken\":\"rt-1\"}".getBytes(StandardCharsets.UTF_8);

	@Test
	void whatItSealsOnlyItOpens() {
		String key = key();
		WebTokenCipher cipher = WebTokenCipher.of(key);

		String sealed = cipher.seal(this.tokens);

		assertThat(sealed).startsWith("v1.").doesNotContain("at-1").doesNotContain("rt-1");
		assertThat(cipher.open(sealed)).hasValueSatisfying(plain -> assertThat(plain).isEqualTo(this.tokens));
		// Another instance with the same key reads it; one with another key, or its own made-up key, does not
		assertThat(WebTokenCipher.of(key).open(sealed)).isPresent();
		assertThat(WebTokenCipher.of(key()).open(sealed)).isEmpty();
		assertThat(WebTokenCipher.of(null).open(sealed)).isEmpty();
	}

	@Test
	void aFreshNonceEachTime() {
		WebTokenCipher cipher = WebTokenCipher.of(key());
		assertThat(cipher.seal(this.tokens)).isNotEqualTo(cipher.seal(this.tokens));
	}

	@Test
	void anAlteredOrForeignValueDoesNotOpen() {
		WebTokenCipher cipher = WebTokenCipher.of(key());
		String sealed = cipher.seal(this.tokens);
		char last = sealed.charAt(sealed.length() - 1);
		String altered = sealed.substring(0, sealed.length() - 1) + (last == 'A' ? 'B' : 'A');

		assertThat(cipher.open(altered)).isEmpty();
		assertThat(cipher.open("v1.")).isEmpty();
		assertThat(cipher.open("v1.not*base64")).isEmpty();
		assertThat(cipher.open(new String(this.tokens, StandardCharsets.UTF_8))).isEmpty();
		assertThat(cipher.open("v2." + sealed.substring(3))).isEmpty();
	}

	@Test
	void theKeyIs256BitsOfBase64StandardOrUrlSafe() {
		byte[] key = new byte[32];
		key[0] = (byte) 0xfb; // '+' or '-' and '/' or '_' among its base64 characters
		key[1] = (byte) 0xff;
		assertThat(WebTokenCipher.of(Base64.getEncoder().encodeToString(key)).open(
				WebTokenCipher.of(Base64.getUrlEncoder().encodeToString(key)).seal(this.tokens)))
			.isPresent();
		assertThatThrownBy(() -> WebTokenCipher.of(Base64.getEncoder().encodeToString(new byte[16])))
			.hasMessageContaining("prism.web.session.encryption-key must be 32 bytes")
			.hasMessageContaining("it has 16 bytes");
		assertThatThrownBy(() -> WebTokenCipher.of("not base64 at all!"))
			.hasMessage("prism.web.session.encryption-key is not base64");
	}

}
