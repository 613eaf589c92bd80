package dev.prism.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

import dev.prism.platform.problem.InvalidRequestException;

/** Properties of the cursor and page-token codec, over thousands of generated inputs. */
class SignedTokensPropertyTests {

	private final SignedTokens tokens = new SignedTokens("property-test-secret-0123456789abcdef", "cursor");

	@Property
	void everyPayloadRoundTrips(@ForAll @StringLength(max = 64) String payload) {
		assertThat(this.tokens.decode(this.tokens.encode(payload))).isEqualTo(payload);
	}

	@Property
	void payloadsOverTheLimitAreRefusedWhenEncoding(@ForAll @IntRange(min = 257, max = 2000) int size) {
		assertThatThrownBy(() -> this.tokens.encode("x".repeat(size))).isInstanceOf(IllegalArgumentException.class);
	}

	@Property
	void anyChangedCharacterIsRejected(@ForAll @IntRange(min = 0, max = 1000) int page,
			@ForAll @IntRange(min = 0, max = 100) int position) {
		String token = this.tokens.encode("v1:" + page + ":20");
		int index = position % token.length();
		char replacement = token.charAt(index) == 'A' ? 'B' : 'A';
		String tampered = token.substring(0, index) + replacement + token.substring(index + 1);
		assertThatThrownBy(() -> this.tokens.decode(tampered)).isInstanceOf(InvalidRequestException.class);
	}

	@Property
	void arbitraryInputNeverDecodesAndNeverThrowsAnythingButA400(@ForAll @StringLength(max = 600) String garbage) {
		try {
			this.tokens.decode(garbage);
		}
		catch (InvalidRequestException expected) {
			assertThat(expected.status().value()).isEqualTo(400);
			return;
		}
		// Decoding succeeded only if the input happens to be a token this key signed, which random input is not.
		throw new AssertionError("decoded garbage: " + garbage);
	}

	@Property
	void tokensOfAnotherKeyAreRejected(@ForAll @StringLength(max = 50) String payload) {
		String foreign = new SignedTokens("another-secret-another-secret-0123", "cursor").encode(payload);
		assertThatThrownBy(() -> this.tokens.decode(foreign)).isInstanceOf(InvalidRequestException.class);
	}

}
