package dev.prism.testing;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;

/**
 * Bridges the gaps of swagger-request-validator 2.x with OpenAPI 3.1 documents: it reads every schema as OpenAPI
 * 3.0, where a 3.1 schema's {@code type} (a set, {@code types}) is absent, so no type would be checked. Each schema's
 * single type is copied to the 3.0 field, {@code [T, "null"]} becomes {@code T} with {@code nullable: true}, and
 * {@code ["null"]} the type {@code null}; and an array parameter's schema becomes the {@link ArraySchema} the
 * validator recognises arrays by.
 * Version 3 of the validator reads 3.1 itself, but is built for Java 21 and the tests run on Java 17.
 */
final class OpenApi31Types {

	private OpenApi31Types() {
	}

	static void normalise(OpenAPI api) {
		Set<Schema<?>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
		if (api.getComponents() != null && api.getComponents().getSchemas() != null) {
			api.getComponents().getSchemas().values().forEach(schema -> normalise(schema, seen));
		}
		if (api.getComponents() != null && api.getComponents().getHeaders() != null) {
			api.getComponents().getHeaders().values().forEach(header -> normalise(header, seen));
		}
		if (api.getComponents() != null && api.getComponents().getParameters() != null) {
			api.getComponents().getParameters().values().forEach(parameter -> normalise(parameter, seen));
		}
		if (api.getPaths() == null) {
			return;
		}
		api.getPaths().values().forEach(path -> {
			if (path.getParameters() != null) {
				path.getParameters().forEach(parameter -> normalise(parameter, seen));
			}
		});
		api.getPaths().values().forEach(path -> path.readOperations().forEach(operation -> {
			if (operation.getParameters() != null) {
				operation.getParameters().forEach(parameter -> normalise(parameter, seen));
			}
			if (operation.getRequestBody() != null) {
				normalise(operation.getRequestBody().getContent(), seen);
			}
			if (operation.getResponses() != null) {
				operation.getResponses().values().forEach(response -> {
					normalise(response.getContent(), seen);
					if (response.getHeaders() != null) {
						response.getHeaders().values().forEach(header -> normalise(header, seen));
					}
				});
			}
		}));
	}

	/**
	 * A parameter's schema, and an array parameter's schema as an {@link ArraySchema}: the validator splits a value
	 * ({@code skus=SKU-1001,SKU-1002}) into items only for that class, which a 3.1 document's schemas are not.
	 */
	private static void normalise(Parameter parameter, Set<Schema<?>> seen) {
		Schema<?> schema = parameter.getSchema();
		normalise(schema, seen);
		if (schema != null && !(schema instanceof ArraySchema) && "array".equals(schema.getType())) {
			ArraySchema array = new ArraySchema();
			array.setItems(schema.getItems());
			array.setMinItems(schema.getMinItems());
			array.setMaxItems(schema.getMaxItems());
			array.setUniqueItems(schema.getUniqueItems());
			array.setDescription(schema.getDescription());
			array.setNullable(schema.getNullable());
			parameter.setSchema(array);
		}
	}

	private static void normalise(Header header, Set<Schema<?>> seen) {
		normalise(header.getSchema(), seen);
	}

	private static void normalise(Content content, Set<Schema<?>> seen) {
		if (content != null) {
			content.values().forEach(media -> normalise(media.getSchema(), seen));
		}
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static void normalise(Schema<?> schema, Set<Schema<?>> seen) {
		if (schema == null || !seen.add(schema)) {
			return;
		}
		if (schema.getType() == null && schema.getTypes() != null && !schema.getTypes().isEmpty()) {
			List<String> types = schema.getTypes().stream().filter(type -> !"null".equals(type)).toList();
			if (types.isEmpty()) {
				schema.setType("null"); // draft 4, which the validator checks with, knows the null type
			}
			else if (types.size() == 1) {
				schema.setType(types.get(0));
				schema.setNullable(schema.getTypes().contains("null") ? true : null);
			}
		}
		if (schema.getProperties() != null) {
			schema.getProperties().values().forEach(property -> normalise((Schema) property, seen));
		}
		normalise(schema.getItems(), seen);
		if (schema.getAdditionalProperties() instanceof Schema additional) {
			normalise(additional, seen);
		}
		for (List<Schema> composed : new List[] { schema.getAllOf(), schema.getAnyOf(), schema.getOneOf() }) {
			if (composed != null) {
				composed.forEach(part -> normalise(part, seen));
			}
		}
	}

}
