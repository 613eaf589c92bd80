package dev.prism.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The firewall's character rules, checked by a loop, accept exactly what Spring Security's own regular expressions
 * accept: every code point (lone surrogates included) alone and inside a header-like value.
 */
class FirewallRulesTests {

	// The patterns StrictHttpFirewall ships with (Spring Security 7.0).
	private static final Pattern ASSIGNED_AND_NOT_CONTROL = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");

	private static final Pattern HEADER_VALUE = Pattern.compile("[\\p{IsAssigned}&&[[^\\p{IsControl}]||\\t]]*");

	@Test
	void everyCodePointIsJudgedAsTheRegularExpressionsJudgeIt() {
		int rejected = 0;
		for (int codePoint = 0; codePoint <= Character.MAX_CODE_POINT; codePoint++) {
			for (String text : new String[] { Character.toString(codePoint), "ab " + Character.toString(codePoint) + "c" }) {
				boolean name = ASSIGNED_AND_NOT_CONTROL.matcher(text).matches();
				boolean value = HEADER_VALUE.matcher(text).matches();
				assertThat(FirewallRules.isAssignedAndNotControl(text)).as("name U+%04X", codePoint).isEqualTo(name);
				assertThat(FirewallRules.isHeaderValue(text)).as("value U+%04X", codePoint).isEqualTo(value);
				rejected += value ? 0 : 1;
			}
		}
		assertThat(rejected).as("the rules reject something").isGreaterThan(100_000);
	}

	@Test
	void controlsAreRefusedButATabIsAValue() {
		assertThat(FirewallRules.isHeaderValue("a\tb")).isTrue();
		assertThat(FirewallRules.isAssignedAndNotControl("a\tb")).isFalse();
		assertThat(FirewallRules.isHeaderValue("key\u0085")).isFalse();
		assertThat(FirewallRules.isHeaderValue("key\u007f")).isFalse();
		assertThat(FirewallRules.isHeaderValue("\uD83D\uDE00 \uD800")).isTrue();
		assertThat(FirewallRules.isHeaderValue("")).isTrue();
		assertThat(FirewallRules.isHeaderValue(null)).isFalse();
	}

}
