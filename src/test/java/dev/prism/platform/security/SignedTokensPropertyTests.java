package dev.prism.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.statistics.Statistics;

import dev.prism.platform.problem.InvalidRequestException;

/** Properties of the cursor and page-token codec, over thousands of generated inputs. */
class SignedTokensPropertyTests {

	private static final int MAX_SIZE = 100;

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

	@Property
	void everyPageRoundTrips(@ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int page,
			@ForAll @IntRange(min = 1, max = MAX_SIZE) int size) {
		SignedTokens.Page position = new SignedTokens.Page(page, size);

		assertThat(this.tokens.decodePage(this.tokens.encodePage(position), MAX_SIZE)).isEqualTo(position);
	}

	@Property
	void theFirstPageHasTheRequestedOrDefaultSizeAtMostTheMaximum(
			@ForAll @IntRange(min = 1, max = 500) int requested, @ForAll @IntRange(min = 1, max = 500) int defaultSize,
			@ForAll @IntRange(min = 1, max = 500) int maxSize) {
		assertThat(SignedTokens.Page.first(requested, defaultSize, maxSize))
			.isEqualTo(new SignedTokens.Page(0, Math.min(requested, maxSize)));
		assertThat(SignedTokens.Page.first(null, defaultSize, maxSize))
			.isEqualTo(new SignedTokens.Page(0, Math.min(defaultSize, maxSize)));
	}

	@Property
	void theNextPageKeepsTheSize(@ForAll @IntRange(min = 0, max = 100_000) int page,
			@ForAll @IntRange(min = 1, max = MAX_SIZE) int size) {
		SignedTokens.Page next = this.tokens.decodePage(this.tokens.encodePage(new SignedTokens.Page(page, size).next()),
				MAX_SIZE);

		assertThat(next).isEqualTo(new SignedTokens.Page(page + 1, size));
	}

	@Property
	void aPageOverTheMaximumSizeIsRejectedAsThisKindOfToken(@ForAll @IntRange(min = 0, max = 1000) int page,
			@ForAll @IntRange(min = MAX_SIZE + 1, max = 10_000) int size) {
		String token = this.tokens.encodePage(new SignedTokens.Page(page, size));

		assertThatThrownBy(() -> this.tokens.decodePage(token, MAX_SIZE)).isInstanceOfSatisfying(
				InvalidRequestException.class, invalid -> {
					assertThat(invalid.status().value()).isEqualTo(400);
					assertThat(invalid.kind()).isEqualTo("invalid-cursor");
					assertThat(invalid.detail()).isEqualTo("The cursor is not one Prism issued. Start again without it.");
				});
	}

	/**
	 * Whatever this key signed, it decodes as a page exactly when it reads {@code v1:<page>:<size>} with decimal
	 * numbers in range, and then as those numbers; everything else is the same 400.
	 */
	@Property(tries = 2000)
	void aSignedPayloadIsAPageExactlyWhenItSaysOne(@ForAll("pagePayloads") String payload) {
		String token = this.tokens.encode(payload);
		Matcher page = Pattern.compile("v1:([0-9]{1,10}):([0-9]{1,10})").matcher(payload);
		boolean valid = page.matches() && Long.parseLong(page.group(1)) <= Integer.MAX_VALUE
				&& Long.parseLong(page.group(2)) >= 1 && Long.parseLong(page.group(2)) <= MAX_SIZE;
		Statistics.collect(valid ? "a page" : "not a page");
		Statistics.coverage(coverage -> {
			coverage.check("a page").count(count -> count > 0);
			coverage.check("not a page").count(count -> count > 0);
		});

		if (valid) {
			assertThat(this.tokens.decodePage(token, MAX_SIZE)).isEqualTo(new SignedTokens.Page(
					Integer.parseInt(page.group(1)), Integer.parseInt(page.group(2))));
		}
		else {
			assertThatThrownBy(() -> this.tokens.decodePage(token, MAX_SIZE)).isInstanceOf(InvalidRequestException.class);
		}
	}

	/** Payloads near the page format: versions, separators, signs, digits and big numbers mixed up. */
	@Provide
	Arbitrary<String> pagePayloads() {
		Arbitrary<String> part = Arbitraries.oneOf(Arbitraries.integers().between(-5, 150).map(String::valueOf),
				Arbitraries.longs().between(2_000_000_000L, 99_999_999_999L).map(String::valueOf),
				Arbitraries.strings().withChars("0123456789:+- v1x").ofMaxLength(6), Arbitraries.just(""));
		Arbitrary<String> version = Arbitraries.frequency(Tuple.of(8, "v1"), Tuple.of(1, "v2"), Tuple.of(1, "V1"),
				Tuple.of(1, ""), Tuple.of(1, "v1 "));
		return Arbitraries.oneOf(
				Combinators.combine(version, part, part).as((v, p, s) -> v + ":" + p + ":" + s),
				Combinators.combine(version, part, part, part)
					.as((v, p, s, more) -> v + ":" + p + ":" + s + ":" + more),
				Arbitraries.strings().ofMaxLength(40));
	}

	@Property
	void arbitraryInputNeverDecodesAsAPageAndNeverThrowsAnythingButA400(
			@ForAll @StringLength(max = 600) String garbage) {
		assertThatThrownBy(() -> this.tokens.decodePage(garbage, MAX_SIZE)).isInstanceOfSatisfying(
				InvalidRequestException.class, invalid -> assertThat(invalid.status().value()).isEqualTo(400));
	}

	@Property
	void anyChangedCharacterOfAPageTokenIsRejected(@ForAll @IntRange(min = 0, max = 1000) int page,
			@ForAll @IntRange(min = 0, max = 100) int position) {
		String token = this.tokens.encodePage(new SignedTokens.Page(page, 20));
		int index = position % token.length();
		char replacement = token.charAt(index) == 'A' ? 'B' : 'A';
		String tampered = token.substring(0, index) + replacement + token.substring(index + 1);

		assertThatThrownBy(() -> this.tokens.decodePage(tampered, MAX_SIZE)).isInstanceOf(InvalidRequestException.class);
	}

}
