package dev.prism.mobile;

import java.util.Map;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityScheme;

import org.springdoc.core.models.GroupedOpenApi;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.prism.platform.apidocs.ApiDocs;

/**
 * The mobile channel's OpenAPI group: a bearer JWT on every operation, and what the channel's filters answer for any
 * of them: 401 with the RFC 6750 challenge, 426 for an app below the minimum version, 429 for an address that keeps
 * presenting bad tokens, and on every GET a weak {@code ETag} with {@code If-None-Match} -> 304.
 */
@Configuration(proxyBeanMethods = false)
class MobileApiDocsConfiguration {

	static final String BEARER = "bearer";

	@Bean
	GroupedOpenApi mobileApi(@Value(ApiDocs.SERVER_URL) String serverUrl) {
		return ApiDocs.channelGroup("mobile", "/mobile/api/**", new Info().title("Prism mobile API")
			.version("1")
			.description("Backend for the native apps: compact payloads, opaque cursors, ETags. Send the identity "
					+ "provider's JWT (audience mobile; the customer id in its customer_id claim, else its subject) "
					+ "as a bearer token, and X-App-Version. Errors are RFC 9457 problem details."),
				serverUrl, Map.of(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP)
					.scheme("bearer")
					.bearerFormat("JWT")
					.description("A JWT whose audience contains 'mobile'; its customer_id claim (else its subject) "
							+ "is the customer id.")),
				MobileApiDocsConfiguration::channelRules);
	}

	static void channelRules(OpenAPI openApi) {
		ApiDocs.forEachOperation(openApi, (path, method, operation) -> {
			ApiDocs.requiresOnly(operation, BEARER, "Missing, invalid or expired token",
					"The RFC 6750 Bearer challenge");
			operation.addParametersItem(new HeaderParameter().name(MobileAppVersionFilter.HEADER)
				.description("The app's version, e.g. 2.4.1; below the minimum the answer is 426")
				.schema(new StringSchema().pattern("\\d{1,5}(\\.\\d{1,5}){0,2}")));
			ApiDocs.problem(operation, "426",
					"This app version is no longer supported: update the app (minimumVersion says to which)");
			ApiDocs.header(operation, "426"::equals, "Upgrade", new StringSchema(), true,
					"app/<the minimum version>");
			ApiDocs.problem(operation, "429",
					"Too many requests with invalid tokens from this address; retry after Retry-After seconds");
			if (method == PathItem.HttpMethod.GET) {
				operation.addParametersItem(new io.swagger.v3.oas.models.parameters.Parameter().in("header")
					.name("If-None-Match")
					.description("The ETag of the answer the app holds; 304 when it is still current")
					.schema(new StringSchema()));
				ApiDocs.header(operation, "200"::equals, "ETag", new StringSchema(), true,
						"A weak validator of this answer, for If-None-Match");
				if (!operation.getResponses().containsKey("304")) {
					ApiResponse notModified = new ApiResponse()
						.description("Not modified: the answer the If-None-Match ETag names is still current");
					ApiDocs.header(notModified, "ETag", new StringSchema(), true, "The current ETag");
					operation.getResponses().addApiResponse("304", notModified);
				}
			}
		});
	}

}
