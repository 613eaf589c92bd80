package dev.prism.platform.security;

import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Spring Security's strict firewall with its character rules for header names, values and parameter names checked
 * by a loop over the code points instead of a regular expression per read (bench/README.md, tuning notes);
 * {@code FirewallRulesTests} holds the loop to the library's expressions.
 */
final class FirewallRules {

	private FirewallRules() {
	}

	static StrictHttpFirewall strictFirewall() {
		StrictHttpFirewall firewall = new StrictHttpFirewall();
		firewall.setAllowedHeaderNames(FirewallRules::isAssignedAndNotControl);
		firewall.setAllowedHeaderValues(FirewallRules::isHeaderValue);
		firewall.setAllowedParameterNames(FirewallRules::isAssignedAndNotControl);
		return firewall;
	}

	/** Every code point is assigned and none is a control character. */
	static boolean isAssignedAndNotControl(String text) {
		return text != null && allowed(text, false);
	}

	/** As {@link #isAssignedAndNotControl}, but a header value may hold tabs. */
	static boolean isHeaderValue(String text) {
		return text != null && allowed(text, true);
	}

	private static boolean allowed(String text, boolean tabs) {
		for (int i = 0; i < text.length();) {
			int codePoint = text.codePointAt(i);
			int type = Character.getType(codePoint);
			if (type == Character.UNASSIGNED || (type == Character.CONTROL && !(tabs && codePoint == '\t'))) {
				return false;
			}
			i += Character.charCount(codePoint);
		}
		return true;
	}

}
