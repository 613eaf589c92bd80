package dev.prism;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/** Verifies the application modules' allowed dependencies and writes the module documentation. */
class ModularityTests {

	static final ApplicationModules modules = ApplicationModules.of(PrismApplication.class);

	@Test
	void verifiesModularStructure() {
		modules.verify();
	}

	@Test
	void verificationFiresOnAModuleUsingAnotherThatItMayNotDependOn() {
		// The fixtures mirror Prism's modules with the same allowed dependencies; web uses mobile, upstream uses demo.
		assertThatThrownBy(() -> ApplicationModules.of("fixture.prism", location -> true).verify()).hasMessageContaining("web")
			.hasMessageContaining("mobile")
			.hasMessageContaining("demo");
	}

	@Test
	void writesDocumentationSnippets() {
		new Documenter(modules).writeDocumentation();
	}

}
