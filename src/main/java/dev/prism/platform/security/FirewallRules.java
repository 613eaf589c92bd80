package dev.prism.platform.security;

import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Spring Security's strict firewall with the same rules for header names, header values and parameter names,
 * checked by a loop over the code points instead of the regular expression the firewall ships with
 * ({@code [\p{IsAssigned}&&[^\p{IsControl}]]*}, a tab allowed in values). The firewall checks a header's name and
 * value on every read of that header, a dozen times per request, and a matcher per read stepping through a Unicode
 * property class cost 12 % of the CPU of a mobile page, whose bearer token is read that way (bench/README.md).
 * {@code FirewallRulesTests} holds the loop to those expressions for every code point, and to the library's own
 * firewall, so a Spring Security upgrade that changes its rules fails the build instead of being shadowed here.
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
