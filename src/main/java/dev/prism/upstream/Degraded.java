package dev.prism.upstream;

import java.util.ArrayList;
import java.util.List;

/**
 * The optional sections of a composite answer that could not be filled ({@code price}, {@code availability},
 * {@code reviews}, {@code recommendations}), in a stable order, without duplicates.
 */
public final class Degraded {

	/** Section names a channel may report, in the order they are listed. */
	public static final List<String> SECTIONS = List.of("price", "availability", "reviews", "recommendations");

	private final List<String> sections = new ArrayList<>();

	public synchronized void add(String section) {
		if (!SECTIONS.contains(section)) {
			throw new IllegalArgumentException("Unknown section " + section);
		}
		if (!this.sections.contains(section)) {
			this.sections.add(section);
		}
	}

	/** The degraded sections in {@link #SECTIONS} order. */
	public synchronized List<String> sections() {
		return SECTIONS.stream().filter(this.sections::contains).toList();
	}

	public synchronized boolean isEmpty() {
		return this.sections.isEmpty();
	}

}
