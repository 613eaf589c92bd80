package dev.prism.platform.experiments;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Deterministic A/B assignment: the same subject (user, session, token subject) always lands in the same variant of
 * an experiment, with variants weighted as configured ({@code prism.<channel>.experiments.<name>.variants|weights}).
 */
public final class Experiments {

	private Experiments() {
	}

	/**
	 * One experiment's configuration.
	 *
	 * @param variants the variant names
	 * @param weights relative weights, one per variant; equal weights when empty
	 */
	public record Definition(List<String> variants, List<Integer> weights) {

		public Definition {
			variants = variants == null ? List.of() : List.copyOf(variants);
			weights = weights == null ? List.of() : List.copyOf(weights);
			if (variants.isEmpty()) {
				throw new IllegalArgumentException("An experiment needs at least one variant");
			}
			if (!weights.isEmpty() && weights.size() != variants.size()) {
				throw new IllegalArgumentException("An experiment needs one weight per variant");
			}
			if (weights.stream().anyMatch(weight -> weight == null || weight < 0)
					|| (!weights.isEmpty() && weights.stream().mapToInt(Integer::intValue).sum() == 0)) {
				throw new IllegalArgumentException("Experiment weights must be non-negative and not all zero");
			}
		}

		int weight(int index) {
			return this.weights.isEmpty() ? 1 : this.weights.get(index);
		}

	}

	/** The variant of every experiment for {@code subject}, by experiment name in name order. */
	public static Map<String, String> assign(Map<String, Definition> experiments, String subject) {
		Map<String, String> variants = new LinkedHashMap<>();
		new TreeMap<>(experiments).forEach((name, definition) -> variants.put(name, assign(name, definition, subject)));
		return variants;
	}

	/** The variant of one experiment for {@code subject}. */
	public static String assign(String experiment, Definition definition, String subject) {
		int total = 0;
		for (int i = 0; i < definition.variants().size(); i++) {
			total += definition.weight(i);
		}
		long bucket = Math.floorMod(hash(experiment + "\u0000" + subject), (long) total);
		for (int i = 0; i < definition.variants().size(); i++) {
			bucket -= definition.weight(i);
			if (bucket < 0) {
				return definition.variants().get(i);
			}
		}
		return definition.variants().get(definition.variants().size() - 1);
	}

	private static long hash(String value) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
			long hash = 0;
			for (int i = 0; i < 8; i++) {
				hash = (hash << 8) | (digest[i] & 0xff);
			}
			return hash;
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
