package dev.prism.platform;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;

import org.springdoc.core.models.GroupedOpenApi;

/**
 * Builds one springdoc group per channel: only the channel's prefix, its own security schemes and nothing else's,
 * and a fixed server URL so the generated contract never depends on the port a test happened to run on.
 */
public final class ApiDocs {

	private ApiDocs() {
	}

	/**
	 * @param channel the group name ({@code web}, {@code mobile}, {@code partner})
	 * @param pathPattern the channel's paths, e.g. {@code /web/api/**}
	 * @param info title, version and description of the channel's API
	 * @param serverUrl the documented server, {@code prism.docs.server-url}
	 * @param securitySchemes the channel's security schemes by name, all required on every operation
	 */
	public static GroupedOpenApi channelGroup(String channel, String pathPattern, Info info, String serverUrl,
			Map<String, SecurityScheme> securitySchemes) {
		return GroupedOpenApi.builder()
			.group(channel)
			.displayName(info.getTitle())
			.pathsToMatch(pathPattern)
			.addOpenApiCustomizer(openApi -> {
				openApi.info(info);
				openApi.servers(List.of(new Server().url(serverUrl)));
				if (openApi.getComponents() == null) {
					openApi.components(new Components());
				}
				openApi.getComponents().setSecuritySchemes(new TreeMap<>(securitySchemes));
				SecurityRequirement requirement = new SecurityRequirement();
				securitySchemes.keySet().stream().sorted().forEach(requirement::addList);
				openApi.security(List.of(requirement));
				documentProblems(openApi);
			})
			.build();
	}

	/** The RFC 9457 problem schema, and the errors every operation can answer, unless it documents them itself. */
	static void documentProblems(io.swagger.v3.oas.models.OpenAPI openApi) {
		openApi.getComponents().addSchemas("Problem", new ObjectSchema()
			.description("An RFC 9457 problem detail (application/problem+json)")
			.addProperty("type", new StringSchema().example("urn:prism:problem:invalid-request"))
			.addProperty("title", new StringSchema().example("Invalid request"))
			.addProperty("status", new IntegerSchema().example(400))
			.addProperty("detail", new StringSchema().example("The request body has invalid fields."))
			.addProperty("requestId", new StringSchema().example("7f3c2a9e51b04c1d8e6f2a10"))
			.addProperty("errors", new ArraySchema().items(new ObjectSchema()
				.addProperty("field", new StringSchema().example("lines[0].quantity"))
				.addProperty("message", new StringSchema().example("must be less than or equal to 99")))));
		Map<String, String> errors = new TreeMap<>(Map.of("400", "Invalid request", "401", "Missing or invalid credentials",
				"429", "Too many requests; wait Retry-After seconds", "503",
				"A service this answer needs is unavailable; retry after Retry-After seconds"));
		if (openApi.getPaths() == null) {
			return;
		}
		openApi.getPaths().values().forEach(path -> path.readOperations().forEach(operation -> {
			if (operation.getResponses() == null) {
				operation.setResponses(new ApiResponses());
			}
			errors.forEach((status, description) -> {
				if (!operation.getResponses().containsKey(status)) {
					operation.getResponses().addApiResponse(status, new ApiResponse().description(description)
						.content(new Content().addMediaType("application/problem+json",
								new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem")))));
				}
			});
		}));
	}

}
