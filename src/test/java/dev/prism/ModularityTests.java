package dev.prism;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.modulith.core.ApplicationModules;

/**
 * Verifies the application modules' allowed dependencies, and that the committed architecture documentation is the
 * documentation the code generates today.
 */
class ModularityTests {

	static final ApplicationModules modules = ApplicationModules.of(PrismApplication.class);

	@Test
	void verifiesModularStructure() {
		modules.verify();
	}

	@Test
	void verificationFiresOnAModuleUsingAnotherThatItMayNotDependOn() {
		// The fixtures mirror Prism's modules with the same allowed dependencies; web uses mobile, upstream uses demo.
		assertThatThrownBy(() -> ApplicationModules.of("fixture.prism", location -> true).verify())
			.hasMessageContaining("web")
			.hasMessageContaining("mobile")
			.hasMessageContaining("demo");
	}

	@Test
	void committedArchitectureDocsMatchTheCode(@TempDir Path generatedFolder) throws Exception {
		Map<String, String> generated = ArchitectureDocs.generate(modules, generatedFolder);
		if ("1".equals(System.getenv("PRISM_UPDATE_DOCS"))) {
			ArchitectureDocs.update(generated);
		}
		Map<String, String> committed = ArchitectureDocs.committed();

		List<String> problems = new ArrayList<>();
		generated.forEach((name, content) -> {
			if (!committed.containsKey(name)) {
				problems.add("architecture-docs/" + name + " is missing");
			}
			else if (!committed.get(name).equals(content)) {
				problems.add("architecture-docs/" + name + " is stale:");
				problems.addAll(ArchitectureDocs.diff(committed.get(name), content));
			}
		});
		committed.keySet()
			.stream()
			.filter(name -> !generated.containsKey(name))
			.forEach(name -> problems.add("architecture-docs/" + name + " describes a module that no longer exists"));
		for (String name : generated.keySet()) {
			if (name.endsWith(".puml")) {
				assertThat(Files.exists(ArchitectureDocs.COMMITTED.resolve(name.replace(".puml", ".svg"))))
					.as("rendered SVG of %s", name)
					.isTrue();
			}
		}
		assertThat(problems)
			.as("The architecture docs no longer match the code. Regenerate them with:%n  %s%n",
					ArchitectureDocs.REGENERATE)
			.isEmpty();
	}

	@Test
	void committedModuleDescriptionForTheActuatorMatchesTheCode() throws Exception {
		String generated = ArchitectureDocs.moduleDescription(modules);
		if ("1".equals(System.getenv("PRISM_UPDATE_DOCS"))) {
			Files.createDirectories(ArchitectureDocs.MODULE_DESCRIPTION.getParent());
			Files.writeString(ArchitectureDocs.MODULE_DESCRIPTION, generated);
		}
		assertThat(ArchitectureDocs.MODULE_DESCRIPTION).exists();
		// Compared as JSON, so line endings and indentation do not matter; the generator sorts what the exporter leaves
		// in no stable order.
		assertThat(ArchitectureDocs.JSON.readTree(Files.readString(ArchitectureDocs.MODULE_DESCRIPTION)))
			.as("%s no longer describes the modules. Regenerate it with:%n  %s%n", ArchitectureDocs.MODULE_DESCRIPTION,
					ArchitectureDocs.REGENERATE)
			.isEqualTo(ArchitectureDocs.JSON.readTree(generated));
	}

	@Test
	void rendersDiagramsWithoutGraphviz() {
		String svg = ArchitectureDocs.svg("@startuml\ncomponent web\ncomponent upstream\nweb --> upstream\n@enduml\n");
		assertThat(svg).startsWith("<svg").contains("upstream");
	}

}
