package dev.prism;

import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.openapitools.openapidiff.core.OpenApiCompare;
import org.openapitools.openapidiff.core.model.ChangedOpenApi;
import org.openapitools.openapidiff.core.model.ChangedSchema;
import org.openapitools.openapidiff.core.output.ConsoleRender;

/**
 * Compares a live OpenAPI contract with a released one using openapi-diff: additions pass, breaking changes don't.
 * On top of openapi-diff's own rules (removed endpoints, newly required parameters, ...), a response field that
 * disappears is breaking even when the schema did not mark it required: partners read every field we ever sent.
 */
final class ContractCompatibility {

	private ContractCompatibility() {
	}

	/** Empty when {@code current} is backward compatible with {@code released}; otherwise what breaks, in words. */
	static String breakingChanges(String released, String current) {
		ChangedOpenApi diff = OpenApiCompare.fromContents(released, current);
		List<String> removedFields = new ArrayList<>();
		for (ChangedSchema schema : diff.getChangedSchemas()) {
			if (schema.getContext() != null && schema.getContext().isResponse()) {
				schema.getMissingProperties()
					.keySet()
					.forEach(field -> removedFields.add("response field removed: " + field + " (in "
							+ schema.getContext().getUrl() + ")"));
			}
		}
		if (!diff.isIncompatible() && removedFields.isEmpty()) {
			return "";
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		OutputStreamWriter writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
		new ConsoleRender().render(diff, writer);
		return String.join("\n", removedFields) + "\n" + out.toString(StandardCharsets.UTF_8);
	}

}
