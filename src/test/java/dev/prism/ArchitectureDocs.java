package dev.prism;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import net.sourceforge.plantuml.FileFormat;
import net.sourceforge.plantuml.FileFormatOption;
import net.sourceforge.plantuml.SourceStringReader;

import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModuleDependency;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.core.NamedInterface;
import org.springframework.modulith.core.util.ApplicationModulesExporter;
import org.springframework.modulith.docs.Documenter;

/**
 * Generates {@code architecture-docs/}: Spring Modulith's C4 component diagram, one diagram and one canvas per module,
 * the channel-to-upstream matrix, and SVG renderings of the diagrams (PlantUML's pure-Java layout, no Graphviz).
 */
final class ArchitectureDocs {

	static final Path COMMITTED = Path.of("architecture-docs");

	static final String REGENERATE = "PRISM_UPDATE_DOCS=1 ./mvnw -B test -Dtest=ModularityTests";

	/**
	 * The module description {@code /actuator/modulith} serves. Spring Modulith's actuator answers from this file
	 * when it is on the class path; without it, it imports the application and every class it reaches with ArchUnit
	 * while the application starts, and keeps the imported class graph (~3 s of start-up, 50 MB of live heap and ~130 MB
	 * resident, for an endpoint an architect reads).
	 */
	static final Path MODULE_DESCRIPTION = Path.of("src/main/resources")
		.resolve(ApplicationModulesExporter.DEFAULT_LOCATION);

	private static final List<String> CHANNELS = List.of("web", "mobile", "partner");

	static final JsonMapper JSON = JsonMapper.builder().build();

	private ArchitectureDocs() {
	}

	/** Writes every generated document into {@code folder} and answers the files written, by name. */
	static Map<String, String> generate(ApplicationModules modules, Path folder) throws IOException {
		Documenter documenter = new Documenter(modules,
				Documenter.Options.defaults().withOutputFolder(folder.toString()));
		documenter.writeModulesAsPlantUml().writeIndividualModulesAsPlantUml().writeModuleCanvases();
		Files.writeString(folder.resolve("channel-upstream-matrix.md"), channelUpstreamMatrix());
		Map<String, Set<String>> platformUses = platformInterfacesUsed(modules);
		Files.writeString(folder.resolve("platform-interfaces.md"), platformInterfaceMatrix(platformUses));
		Files.writeString(folder.resolve("platform-interfaces.puml"), platformInterfaceDiagram(platformUses));
		Map<String, String> files = new TreeMap<>();
		try (Stream<Path> paths = Files.list(folder)) {
			for (Path path : paths.filter(ArchitectureDocs::isCompared).toList()) {
				files.put(path.getFileName().toString(), normalize(Files.readString(path)));
			}
		}
		return files;
	}

	/** The committed documents that the generator owns. */
	static Map<String, String> committed() throws IOException {
		Map<String, String> files = new TreeMap<>();
		if (!Files.isDirectory(COMMITTED)) {
			return files;
		}
		try (Stream<Path> paths = Files.list(COMMITTED)) {
			for (Path path : paths.filter(ArchitectureDocs::isCompared).toList()) {
				files.put(path.getFileName().toString(), normalize(Files.readString(path)));
			}
		}
		return files;
	}

	/** Replaces the committed generated documents with {@code generated} and renders the diagrams to SVG. */
	static void update(Map<String, String> generated) throws IOException {
		Files.createDirectories(COMMITTED);
		for (String stale : committed().keySet()) {
			if (!generated.containsKey(stale)) {
				Files.delete(COMMITTED.resolve(stale));
				Files.deleteIfExists(COMMITTED.resolve(stale.replace(".puml", ".svg")));
			}
		}
		for (Map.Entry<String, String> file : generated.entrySet()) {
			Files.writeString(COMMITTED.resolve(file.getKey()), file.getValue());
			if (file.getKey().endsWith(".puml")) {
				Files.writeString(COMMITTED.resolve(file.getKey().replace(".puml", ".svg")), svg(file.getValue()));
			}
		}
	}

	/**
	 * The module description as {@link ApplicationModulesExporter} writes it, indented for review, with every object's
	 * properties and every array sorted: the exporter writes both in no stable order, and their order means nothing.
	 */
	static String moduleDescription(ApplicationModules modules) {
		return JSON.writerWithDefaultPrettyPrinter()
			.writeValueAsString(sorted(JSON.readTree(new ApplicationModulesExporter(modules).toJson()))) + "\n";
	}

	private static JsonNode sorted(JsonNode node) {
		if (node instanceof ObjectNode object) {
			Map<String, JsonNode> properties = new TreeMap<>();
			object.propertyNames().forEach(name -> properties.put(name, sorted(object.get(name))));
			object.removeAll().setAll(properties);
		}
		else if (node instanceof ArrayNode array) {
			List<JsonNode> items = new ArrayList<>();
			array.forEach(item -> items.add(sorted(item)));
			items.sort(Comparator.comparing(JsonNode::toString));
			array.removeAll().addAll(items);
		}
		return node;
	}

	/** Renders a diagram with PlantUML's pure-Java layout engine (Smetana), so no Graphviz is needed. */
	static String svg(String puml) {
		String source = puml.replaceFirst("@startuml", "@startuml\n!pragma layout smetana");
		try {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			new SourceStringReader(source).outputImage(out, new FileFormatOption(FileFormat.SVG));
			return out.toString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Which channel uses which upstream service, read from the channels' dependencies on the upstream clients. */
	static String channelUpstreamMatrix() {
		JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages("dev.prism");
		Set<String> services = new TreeSet<>();
		Map<String, Set<String>> uses = new TreeMap<>();
		for (JavaClass type : classes) {
			if (type.getPackageName().equals("dev.prism.upstream") && type.getSimpleName().endsWith("Client")) {
				services.add(service(type));
			}
		}
		for (String channel : CHANNELS) {
			Set<String> used = new TreeSet<>();
			classes.stream()
				.filter(type -> type.getPackageName().startsWith("dev.prism." + channel))
				.flatMap(type -> type.getDirectDependenciesFromSelf().stream())
				.map(dependency -> dependency.getTargetClass())
				.filter(target -> target.getPackageName().equals("dev.prism.upstream")
						&& target.getSimpleName().endsWith("Client"))
				.forEach(target -> used.add(service(target)));
			uses.put(channel, used);
		}
		StringBuilder table = new StringBuilder();
		table.append("# Channel-to-upstream matrix\n\n")
			.append("Generated from the code by `ModularityTests` (which channel's classes use which upstream client);")
			.append(" do not edit. Regenerate with `")
			.append(REGENERATE)
			.append("`.\n\n| channel |");
		services.forEach(service -> table.append(' ').append(service).append(" |"));
		table.append("\n|---|");
		services.forEach(service -> table.append("---|"));
		table.append('\n');
		for (String channel : CHANNELS) {
			table.append("| ").append(channel).append(" |");
			for (String service : services) {
				table.append(uses.get(channel).contains(service) ? " ✓ |" : "   |");
			}
			table.append('\n');
		}
		return table.toString();
	}

	/**
	 * Which module uses which of platform's named interfaces, read from its classes' dependencies on the types each
	 * interface exposes (Spring Modulith's {@code NamedInterface}s of the platform module).
	 */
	static Map<String, Set<String>> platformInterfacesUsed(ApplicationModules modules) {
		ApplicationModule platform = modules.getModuleByName("platform").orElseThrow();
		List<NamedInterface> interfaces = platform.getNamedInterfaces()
			.stream()
			.filter(named -> !named.isUnnamed())
			.toList();
		Map<String, Set<String>> uses = new TreeMap<>();
		for (ApplicationModule module : modules) {
			if (module.equals(platform)) {
				continue;
			}
			Set<String> used = new TreeSet<>();
			module.getDirectDependencies(modules)
				.stream()
				.map(ApplicationModuleDependency::getTargetType)
				.forEach(target -> interfaces.stream()
					.filter(named -> named.contains(target))
					.forEach(named -> used.add(named.getName())));
			uses.put(module.getIdentifier().toString(), used);
		}
		uses.put("*", interfaces.stream().map(NamedInterface::getName).collect(Collectors.toCollection(TreeSet::new)));
		return uses;
	}

	static String platformInterfaceMatrix(Map<String, Set<String>> uses) {
		Set<String> interfaces = uses.get("*");
		StringBuilder table = new StringBuilder();
		table.append("# Platform's named interfaces and who uses them\n\n")
			.append("Generated from the code by `ModularityTests` (each module's dependencies on the types of platform's")
			.append(" `@NamedInterface` packages); do not edit. Regenerate with `")
			.append(REGENERATE)
			.append("`.\n\n| module |");
		interfaces.forEach(named -> table.append(" platform::").append(named).append(" |"));
		table.append("\n|---|");
		interfaces.forEach(named -> table.append("---|"));
		table.append('\n');
		uses.forEach((module, used) -> {
			if (!module.equals("*")) {
				table.append("| ").append(module).append(" |");
				interfaces.forEach(named -> table.append(used.contains(named) ? " ✓ |" : "   |"));
				table.append('\n');
			}
		});
		return table.toString();
	}

	static String platformInterfaceDiagram(Map<String, Set<String>> uses) {
		StringBuilder diagram = new StringBuilder("""
				@startuml
				title <size:24>Platform's named interfaces</size>
				left to right direction
				skinparam componentStyle rectangle
				package "Platform" {
				""");
		uses.get("*").forEach(named -> diagram.append("  interface \"platform::").append(named).append("\" as ")
			.append(named).append('\n'));
		diagram.append("}\n");
		uses.forEach((module, used) -> {
			if (!module.equals("*")) {
				diagram.append("component \"").append(module).append("\" as m_").append(module).append('\n');
			}
		});
		uses.forEach((module, used) -> {
			if (!module.equals("*")) {
				used.forEach(named -> diagram.append("m_").append(module).append(" --> ").append(named).append('\n'));
			}
		});
		return diagram.append("@enduml\n").toString();
	}

	/** Lines that differ between the two versions of one document, for a readable failure message. */
	static List<String> diff(String expected, String actual) {
		List<String> a = expected.lines().toList();
		List<String> b = actual.lines().toList();
		List<String> lines = new ArrayList<>();
		for (int i = 0; i < Math.max(a.size(), b.size()) && lines.size() < 12; i++) {
			String left = i < a.size() ? a.get(i) : "<none>";
			String right = i < b.size() ? b.get(i) : "<none>";
			if (!left.equals(right)) {
				lines.add("  line " + (i + 1) + ": committed [" + left + "] generated [" + right + "]");
			}
		}
		return lines;
	}

	private static String service(JavaClass client) {
		return client.getSimpleName().substring(0, client.getSimpleName().length() - "Client".length()).toLowerCase();
	}

	private static boolean isCompared(Path path) {
		String name = path.getFileName().toString();
		return name.endsWith(".puml") || (name.startsWith("module-") && name.endsWith(".adoc"))
				|| name.equals("channel-upstream-matrix.md") || name.equals("platform-interfaces.md");
	}

	/**
	 * Line endings unified, and each block of PlantUML relations sorted: the Documenter emits relations in no
	 * stable order, and their order means nothing.
	 */
	private static String normalize(String content) {
		List<String> lines = new ArrayList<>(content.replace("\r\n", "\n").stripTrailing().lines().toList());
		int start = -1;
		for (int i = 0; i <= lines.size(); i++) {
			boolean relation = i < lines.size() && lines.get(i).startsWith("Rel(");
			if (relation && start < 0) {
				start = i;
			}
			else if (!relation && start >= 0) {
				java.util.Collections.sort(lines.subList(start, i));
				start = -1;
			}
		}
		return String.join("\n", lines) + "\n";
	}

}
