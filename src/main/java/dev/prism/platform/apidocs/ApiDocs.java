package dev.prism.platform.apidocs;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.models.GroupedOpenApi;

import dev.prism.platform.idempotency.IdempotentRequests;

/**
 * Builds one springdoc group per channel that states exactly what Prism answers: only the channel's prefix, its own
 * security schemes, a fixed server URL (so the contract never depends on the port a test ran on), and for every
 * operation the errors the edge answers whatever the endpoint (problem details as {@code application/problem+json}),
 * the headers every answer carries ({@code X-Request-Id}) and those a client must act on ({@code Retry-After}).
 * Controllers document what is their own ({@code @Operation}, {@code @ApiResponse}, {@code @Tag}); each channel adds
 * its own rules (security per operation, channel headers) as {@link OpenApiCustomizer}s, applied after these.
 */
public final class ApiDocs {

	/** The one schema of every error answer. */
	public static final String PROBLEM_SCHEMA = "Problem";

	public static final String PROBLEM_MEDIA_TYPE = org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;

	public static final String JSON_MEDIA_TYPE = org.springframework.http.MediaType.APPLICATION_JSON_VALUE;

	/** The documented server, for {@code @Value}: {@code prism.docs.server-url}, by default the local app. */
	public static final String SERVER_URL = "${prism.docs.server-url:http://localhost:8080}";

	/** Statuses whose problem carries {@code Retry-After}: always on 429 and 503, when known on 409, 502 and 504. */
	private static final Map<String, Boolean> RETRY_AFTER = Map.of("409", false, "429", true, "502", false, "503",
			true, "504", false);

	private ApiDocs() {
	}

	/**
	 * Documents 502, 503 and 504 on an operation that composes its answer from upstream services: a service answered
	 * garbage, is unavailable, or did not answer within the request's time budget.
	 */
	@Target(ElementType.METHOD)
	@Retention(RetentionPolicy.RUNTIME)
	@io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "502",
			description = "A service this answer needs answered something unusable; retry after Retry-After seconds")
	@io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "503",
			description = "A service this answer needs is unavailable, Prism could not obtain the credentials it needs "
					+ "(urn:prism:problem:upstream-credentials-unavailable), or Prism is overloaded; retry after Retry-After seconds")
	@io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "504",
			description = "A service this answer needs did not answer in time; retry after Retry-After seconds")
	public @interface ComposedFromUpstreams {

	}

	/**
	 * Documents an order placement, the same on every channel (DESIGN.md section 3): 201 with the order, 409 while the
	 * first request with the same key is still being processed, 422 when the key was used with another body or the
	 * orders service rejected the order.
	 */
	@Target(ElementType.METHOD)
	@Retention(RetentionPolicy.RUNTIME)
	@io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "201",
			description = "The order, placed once; the same Idempotency-Key with the same body answers it again",
			headers = {
					@io.swagger.v3.oas.annotations.headers.Header(name = "Location",
							description = "Where the order can be read; absent on a replay",
							schema = @io.swagger.v3.oas.annotations.media.Schema(type = "string")),
					@io.swagger.v3.oas.annotations.headers.Header(name = IdempotentRequests.REPLAYED_HEADER,
							description = "true when this answer replays an earlier request with the same key",
							schema = @io.swagger.v3.oas.annotations.media.Schema(type = "string",
									allowableValues = "true")) })
	@io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "409",
			description = "A request with this Idempotency-Key is still being processed; retry after Retry-After seconds")
	@io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "422",
			description = "The Idempotency-Key was used with a different body, or the orders service rejected the order")
	public @interface IdempotentOrder {

	}

	/**
	 * @param channel the group name ({@code web}, {@code mobile}, {@code partner})
	 * @param pathPattern the channel's paths, e.g. {@code /web/api/**}
	 * @param info title, version and description of the channel's API
	 * @param serverUrl the documented server, {@code prism.docs.server-url}
	 * @param securitySchemes the channel's security schemes by name; which operation needs which is the channel's rule
	 * @param channelRules the channel's own documentation rules, applied after the shared ones
	 */
	public static GroupedOpenApi channelGroup(String channel, String pathPattern, Info info, String serverUrl,
			Map<String, SecurityScheme> securitySchemes, OpenApiCustomizer... channelRules) {
		GroupedOpenApi.Builder group = GroupedOpenApi.builder()
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
				openApi.setSecurity(null);
				documentEdge(openApi);
			});
		for (OpenApiCustomizer rule : channelRules) {
			group.addOpenApiCustomizer(rule);
		}
		// Once more over what the channel's rules added (idempotent for the rest).
		return group.addOpenApiCustomizer(ApiDocs::documentEdge).addOpenApiCustomizer(ApiDocs::shareHeaders).build();
	}

	/**
	 * The problem schema, and on every operation: the errors the edge answers for any endpoint, problem details for
	 * every error, no body where none is sent, JSON for every other answer, and the headers of every answer.
	 */
	public static void documentEdge(OpenAPI openApi) {
		openApi.getComponents().addSchemas(PROBLEM_SCHEMA, ProblemSchemas.schema());
		forEachOperation(openApi, (path, method, operation) -> {
			// Any endpoint: a repeated query parameter or another malformed request, an Accept header Prism cannot
			// answer, a channel at its limit of requests in flight, an unexpected failure.
			problem(operation, "400", "Invalid request: a malformed or repeated parameter, or an invalid body");
			if (answersContent(operation)) {
				problem(operation, "406", "The Accept header allows none of the media types of this answer");
			}
			problem(operation, "500", "An unexpected failure; quote the requestId when reporting it");
			problem(operation, "503", "Too many requests in flight on this channel; retry after Retry-After seconds");
			if (operation.getRequestBody() != null) {
				problem(operation, "413", "The request body is larger than prism.http.max-body-size");
				problem(operation, "415", "The request body is not application/json");
			}
			operation.getResponses().forEach((status, response) -> {
				if (status.equals("204") || status.equals("304")) {
					response.setContent(null);
				}
				else if (isError(status)) {
					response.setContent(ProblemSchemas.content());
				}
				else if (response.getContent() != null && response.getContent().containsKey("*/*")) {
					response.setContent(new Content().addMediaType(JSON_MEDIA_TYPE,
							response.getContent().get("*/*")));
				}
				header(response, "X-Request-Id", new StringSchema(), true,
						"The request's correlation id (the client's own when sane, else a new one), also the requestId "
								+ "of a problem detail");
				if (status.equals("415")) {
					header(response, "Accept", new StringSchema(), false,
							"The media types the request body may have (when Spring MVC refused the body)");
				}
				Boolean required = RETRY_AFTER.get(status);
				if (required != null) {
					header(response, "Retry-After", new IntegerSchema(), required,
							"Seconds to wait before trying again");
				}
			});
		});
	}

	private static boolean answersContent(Operation operation) {
		return operation.getResponses()
			.entrySet()
			.stream()
			.anyMatch(response -> response.getKey().startsWith("2") && response.getValue().getContent() != null
					&& !response.getValue().getContent().isEmpty());
	}

	/**
	 * {@code operation} needs the security scheme {@code scheme} and nothing else; without a valid credential the
	 * answer is 401 with a {@code WWW-Authenticate} challenge.
	 * @param unauthorized what a 401 means for this scheme
	 * @param challenge what the {@code WWW-Authenticate} header of a 401 says
	 */
	public static void requiresOnly(Operation operation, String scheme, String unauthorized, String challenge) {
		operation.setSecurity(List.of(new SecurityRequirement().addList(scheme)));
		problem(operation, "401", unauthorized);
		header(operation, "401"::equals, "WWW-Authenticate", new StringSchema(), true, challenge);
	}

	/** Adds an error answer to {@code operation}, unless it documents that status itself. */
	public static void problem(Operation operation, String status, String description) {
		if (operation.getResponses() == null) {
			operation.setResponses(new ApiResponses());
		}
		if (!operation.getResponses().containsKey(status)) {
			operation.getResponses()
				.addApiResponse(status, new ApiResponse().description(description).content(ProblemSchemas.content()));
		}
	}

	/** Declares a header on {@code response}, unless it declares it already. */
	public static void header(ApiResponse response, String name, Schema<?> schema, boolean required,
			String description) {
		if (response.getHeaders() == null) {
			response.setHeaders(new LinkedHashMap<>());
		}
		if (!response.getHeaders().containsKey(name)) {
			response.getHeaders()
				.put(name, new Header().description(description).schema(schema).required(required ? true : null));
		}
	}

	/**
	 * Moves every header declared the same way on many answers into {@code components/headers} and refers to it,
	 * so the document says once what {@code X-Request-Id} or {@code Retry-After} is.
	 */
	static void shareHeaders(OpenAPI openApi) {
		Map<String, Header> shared = new TreeMap<>();
		forEachOperation(openApi, (path, method, operation) -> operation.getResponses()
			.values()
			.forEach(response -> {
				if (response.getHeaders() == null) {
					return;
				}
				response.getHeaders().replaceAll((name, header) -> {
					if (header.get$ref() != null) {
						return header;
					}
					Header first = shared.computeIfAbsent(name, key -> header);
					return first.equals(header) ? new Header().$ref("#/components/headers/" + name) : header;
				});
			}));
		if (!shared.isEmpty()) {
			openApi.getComponents().setHeaders(shared);
		}
	}

	/** Declares a header on every answer of {@code operation} whose status matches. */
	public static void header(Operation operation, Predicate<String> statuses, String name, Schema<?> schema,
			boolean required, String description) {
		operation.getResponses().forEach((status, response) -> {
			if (statuses.test(status)) {
				header(response, name, schema, required, description);
			}
		});
	}

	/** Whether the response status is an error (4xx or 5xx). */
	public static boolean isError(String status) {
		return status.startsWith("4") || status.startsWith("5");
	}

	/** Calls {@code action} with every operation of the document, its path and method. */
	public static void forEachOperation(OpenAPI openApi, OperationAction action) {
		if (openApi.getPaths() == null) {
			return;
		}
		openApi.getPaths()
			.forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
				if (operation.getResponses() == null) {
					operation.setResponses(new ApiResponses());
				}
				action.apply(path, method, operation);
			}));
	}

	/** What {@link #forEachOperation} does with each operation. */
	@FunctionalInterface
	public interface OperationAction {

		void apply(String path, PathItem.HttpMethod method, Operation operation);

	}

}
