package dev.prism.partner;

import java.util.Map;

import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityScheme;

import org.springdoc.core.models.GroupedOpenApi;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.prism.platform.ApiDocs;

/** The partner channel's OpenAPI group: the stable v1 contract, API key in {@code X-Api-Key}. */
@Configuration(proxyBeanMethods = false)
class PartnerApiDocsConfiguration {

	@Bean
	GroupedOpenApi partnerApi(@Value("${prism.docs.server-url:http://localhost:8080}") String serverUrl) {
		return ApiDocs.channelGroup("partner", "/partner/api/v1/**", new Info().title("Prism partner API")
			.version("v1")
			.description("The stable v1 contract for B2B integrators. Authenticate every call with your API key in "
					+ "X-Api-Key; keys carry scopes (catalog:read, orders:write) and a per-minute quota reported in "
					+ "RateLimit-* headers. Answers are complete or an error: when a needed service is down you get "
					+ "503 with Retry-After, never a partial record. POST /orders requires an Idempotency-Key. Errors "
					+ "are RFC 9457 problem details."),
				serverUrl, Map.of("apiKey", new SecurityScheme().type(SecurityScheme.Type.APIKEY)
					.in(SecurityScheme.In.HEADER)
					.name("X-Api-Key")
					.description("Your partner API key.")));
	}

}
