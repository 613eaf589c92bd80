package dev.prism.platform.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ExperimentsTests {

	@Test
	void assignsTheSameVariantToTheSameSubjectEveryTime() {
		Experiments.Definition layout = new Experiments.Definition(List.of("grid", "carousel"), List.of(50, 50));

		String first = Experiments.assign("home-layout", layout, "c-1001");
		for (int i = 0; i < 100; i++) {
			assertThat(Experiments.assign("home-layout", layout, "c-1001")).isEqualTo(first);
		}
	}

	@Test
	void spreadsSubjectsByWeight() {
		Experiments.Definition layout = new Experiments.Definition(List.of("a", "b"), List.of(90, 10));
		Map<String, Integer> counts = new HashMap<>();
		for (int i = 0; i < 10_000; i++) {
			counts.merge(Experiments.assign("exp", layout, "user-" + i), 1, Integer::sum);
		}
		assertThat(counts.get("a")).isBetween(8_700, 9_300);
		assertThat(counts.get("b")).isBetween(700, 1_300);
	}

	@Test
	void aZeroWeightVariantIsNeverChosen() {
		Experiments.Definition off = new Experiments.Definition(List.of("control", "new"), List.of(1, 0));
		for (int i = 0; i < 1_000; i++) {
			assertThat(Experiments.assign("exp", off, "user-" + i)).isEqualTo("control");
		}
	}

	@Test
	void assignsEveryExperimentInNameOrder() {
		Map<String, Experiments.Definition> experiments = Map.of("zeta",
				new Experiments.Definition(List.of("x"), List.of()), "alpha",
				new Experiments.Definition(List.of("y"), List.of()));
		assertThat(Experiments.assign(experiments, "s").keySet()).containsExactly("alpha", "zeta");
	}

	@Test
	void rejectsInconsistentDefinitions() {
		assertThatThrownBy(() -> new Experiments.Definition(List.of(), List.of()))
			.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> new Experiments.Definition(List.of("a", "b"), List.of(1)))
			.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> new Experiments.Definition(List.of("a"), List.of(0)))
			.isInstanceOf(IllegalArgumentException.class);
	}

}
