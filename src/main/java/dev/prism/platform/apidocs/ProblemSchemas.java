package dev.prism.platform.apidocs;

import java.util.List;

import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.springdoc.core.customizers.PropertyCustomizer;

/** The schemas every channel's document shares: the problem detail, and view properties that may be null. */
final class ProblemSchemas {

	private ProblemSchemas() {
	}

	static Content content() {
		return new Content().addMediaType(ApiDocs.PROBLEM_MEDIA_TYPE,
				new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + ApiDocs.PROBLEM_SCHEMA)));
	}

	/** Every member a Prism problem detail can have (ProblemDetails, ProblemDetailsAdvice and the channels). */
	static Schema<?> schema() {
		return new ObjectSchema().description("An RFC 9457 problem detail, always application/problem+json")
			.addProperty("type", new StringSchema().description("urn:prism:problem:<kind>")
				.example("urn:prism:problem:invalid-request"))
			.addProperty("title", new StringSchema().example("Invalid request"))
			.addProperty("status", new IntegerSchema().example(400))
			.addProperty("detail", new StringSchema().description("What went wrong, safe to show")
				.example("The request body has invalid fields."))
			.addProperty("instance", new StringSchema())
			.addProperty("requestId", new StringSchema().description("The X-Request-Id of the answer")
				.example("7f3c2a9e51b04c1d8e6f2a10"))
			.addProperty("errors", new ArraySchema().description("The invalid fields or parameters, on a 400")
				.items(new ObjectSchema().addProperty("field", new StringSchema().example("lines[0].quantity"))
					.addProperty("message", new StringSchema().example("must be less than or equal to 99"))))
			.addProperty("minimumVersion", new StringSchema()
				.description("The oldest app version still served, on a 426 of the mobile channel")
				.example("1.0.0"))
			.addProperty("error", new StringSchema()
				.description("The OAuth 2.0 error code, on a 400 of the back-channel logout (OpenID Connect asks for it)")
				.example("invalid_request"))
			.addProperty("error_description", new StringSchema()
				.description("The OAuth 2.0 error description beside error: the detail again"))
			.addRequiredItem("type")
			.addRequiredItem("title")
			.addRequiredItem("status");
	}

	/**
	 * A view property written even when it is null ({@code @JsonInclude(ALWAYS)}, e.g. a sku's {@code "price": null})
	 * is documented as nullable: {@code [T, "null"]}, or {@code anyOf} its schema and {@code null} for a reference.
	 */
	static PropertyCustomizer nullableWhenAlwaysIncluded() {
		return (property, type) -> {
			JsonInclude include = type.getCtxAnnotations() == null ? null
					: java.util.Arrays.stream(type.getCtxAnnotations())
						.filter(JsonInclude.class::isInstance)
						.map(JsonInclude.class::cast)
						.findFirst()
						.orElse(null);
			if (property == null || include == null || include.value() != JsonInclude.Include.ALWAYS) {
				return property;
			}
			if (property.get$ref() != null) {
				return new Schema<>().anyOf(List.of(new Schema<>().$ref(property.get$ref()),
						new Schema<>().types(new java.util.LinkedHashSet<>(List.of("null")))));
			}
			property.addType("null");
			return property;
		};
	}

}
