package dev.prism.partner;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.security.SecurityScheme;

import org.springdoc.core.models.GroupedOpenApi;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.prism.platform.apidocs.ApiDocs;

/**
 * The partner channel's OpenAPI group: the stable v1 contract, the API key in {@code X-Api-Key} on every operation,
 * and what the channel's filters answer for any of them: 401 with the {@code ApiKey} challenge, 403 for a missing
 * scope, 429 over quota or after repeated bad keys; {@code RateLimit-*} on every answer to a known key
 * ({@link PartnerQuotaFilter}); {@code Deprecation}, {@code Sunset} and {@code Link} on the answers of deprecated
 * operations ({@link PartnerDeprecationInterceptor}).
 */
@Configuration(proxyBeanMethods = false)
class PartnerApiDocsConfiguration {

	static final String API_KEY = "apiKey";

	@Bean
	GroupedOpenApi partnerApi(@Value(ApiDocs.SERVER_URL) String serverUrl) {
		return ApiDocs.channelGroup("partner", "/partner/api/v1/**", new Info().title("Prism partner API")
			.version("v1")
			.description("The stable v1 contract for B2B integrators. Authenticate every call with your API key in "
					+ "X-Api-Key; keys carry scopes (catalog:read, orders:write) and a per-minute quota reported in "
					+ "RateLimit-* headers. Answers are complete or an error: when a needed service is down you get "
					+ "503 with Retry-After, never a partial record. POST /orders requires an Idempotency-Key. Errors "
					+ "are RFC 9457 problem details."),
				serverUrl, Map.of(API_KEY, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
					.in(SecurityScheme.In.HEADER)
					.name(PartnerApiKeyFilter.HEADER)
					.description("Your partner API key.")),
				PartnerApiDocsConfiguration::channelRules);
	}

	static void channelRules(OpenAPI openApi) {
		ApiDocs.forEachOperation(openApi, (path, method, operation) -> {
			ApiDocs.requiresOnly(operation, API_KEY, "Missing or unknown API key", "ApiKey header=\"X-Api-Key\"");
			ApiDocs.problem(operation, "403", "Your key lacks the scope this operation needs");
			ApiDocs.problem(operation, "429",
					"Your quota is used up, or this address sent too many invalid keys; retry after Retry-After seconds");
			// Every answer to a known key; the 2xx always. Not a 401, nor what the edge refuses before the key is read.
			quotaHeader(operation, "RateLimit-Limit", "Requests your key may make per minute");
			quotaHeader(operation, "RateLimit-Remaining", "Requests left in the current minute");
			quotaHeader(operation, "RateLimit-Reset", "Seconds until the quota is full again");
			if (Boolean.TRUE.equals(operation.getDeprecated())) {
				// Set once the endpoint is chosen: not on what security answers before (401, 403, 429).
				deprecationHeader(operation, "Deprecation", "When this endpoint was deprecated, @<epoch seconds> (RFC 9745)");
				deprecationHeader(operation, "Sunset", "When it stops answering, an HTTP date (RFC 8594)");
				deprecationHeader(operation, "Link", "The successor endpoint, rel=\"successor-version\"");
			}
		});
	}

	private static void quotaHeader(io.swagger.v3.oas.models.Operation operation, String name, String description) {
		operation.getResponses().forEach((status, response) -> {
			if (!status.equals("401")) {
				ApiDocs.header(response, name, new IntegerSchema(), status.startsWith("2"), description);
			}
		});
	}

	private static void deprecationHeader(io.swagger.v3.oas.models.Operation operation, String name,
			String description) {
		operation.getResponses().forEach((status, response) -> {
			if (!List.of("401", "403", "429").contains(status)) {
				ApiDocs.header(response, name, new StringSchema(), status.startsWith("2"), description);
			}
		});
	}

}
