package dev.prism.mobile;

import java.util.Map;

import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityScheme;

import org.springdoc.core.models.GroupedOpenApi;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.prism.platform.ApiDocs;

/** The mobile channel's OpenAPI group: bearer JWT. */
@Configuration(proxyBeanMethods = false)
class MobileApiDocsConfiguration {

	@Bean
	GroupedOpenApi mobileApi(@Value("${prism.docs.server-url:http://localhost:8080}") String serverUrl) {
		return ApiDocs.channelGroup("mobile", "/mobile/api/**", new Info().title("Prism mobile API")
			.version("1")
			.description("Backend for the native apps: compact payloads, opaque cursors, ETags. Send the identity "
					+ "provider's JWT (audience mobile, subject = customer id) as a bearer token, and X-App-Version. "
					+ "Errors are RFC 9457 problem details."),
				serverUrl, Map.of("bearer", new SecurityScheme().type(SecurityScheme.Type.HTTP)
					.scheme("bearer")
					.bearerFormat("JWT")
					.description("A JWT whose audience contains 'mobile'; its subject is the customer id.")));
	}

}
