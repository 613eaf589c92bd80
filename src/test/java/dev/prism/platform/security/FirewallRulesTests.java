package dev.prism.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * The firewall's character rules, checked by a loop, accept exactly what Spring Security's own regular expressions
 * accept — every code point (lone surrogates included) alone and inside a header-like value — and Prism's firewall
 * refuses exactly the header names, header values and parameter names the library's default firewall refuses.
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
	void prismsFirewallRefusesWhatTheLibrarysDefaultFirewallRefuses() {
		HttpFirewall library = new StrictHttpFirewall();
		HttpFirewall prism = FirewallRules.strictFirewall();
		int refused = 0;
		// Every code point of the basic plane, and a stride through the others (the regular-expression test covers all).
		for (int codePoint = 0; codePoint <= Character.MAX_CODE_POINT; codePoint += codePoint < 0x10000 ? 1 : 61) {
			String text = "ab" + Character.toString(codePoint) + "c";
			for (Function<HttpFirewall, Boolean> check : checks(text)) {
				boolean accepted = check.apply(library);
				assertThat(check.apply(prism)).as("U+%04X", codePoint).isEqualTo(accepted);
				refused += accepted ? 0 : 1;
			}
		}
		assertThat(refused).as("the default firewall refuses something").isGreaterThan(10_000);
	}

	/** Reading a header with this value, a header of this name, and the parameters when one has this name. */
	private static List<Function<HttpFirewall, Boolean>> checks(String text) {
		return List.of(firewall -> accepts(request -> request.addHeader("X-Test", text),
				request -> firewall.getFirewalledRequest(request).getHeader("X-Test")),
				firewall -> accepts(request -> request.addHeader(text, "v"),
						request -> firewall.getFirewalledRequest(request).getHeader(text)),
				firewall -> accepts(request -> request.addParameter(text, "v"),
						request -> firewall.getFirewalledRequest(request).getParameterMap()));
	}

	private static boolean accepts(Consumer<MockHttpServletRequest> setUp,
			Function<MockHttpServletRequest, Object> read) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/partner/api/v1/availability");
		setUp.accept(request);
		try {
			read.apply(request);
			return true;
		}
		catch (RequestRejectedException rejected) {
			return false;
		}
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
