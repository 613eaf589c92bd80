package dev.prism.upstream;

import java.util.regex.Pattern;

/**
 * The catalog's sku format, part of the upstream contract: a letter or digit, then letters, digits and {@code -}, 64
 * characters at most. Every channel checks a sku against it before any service is called.
 */
public final class Sku {

	/** The format as a regular expression, e.g. for {@code @Pattern(regexp = Sku.PATTERN)}. */
	public static final String PATTERN = "[A-Za-z0-9][A-Za-z0-9-]{0,63}";

	private static final Pattern COMPILED = Pattern.compile(PATTERN);

	private Sku() {
	}

	/** Whether {@code sku} has the catalog's sku format. */
	public static boolean isValid(String sku) {
		return COMPILED.matcher(sku).matches();
	}

}
