package dev.prism.web;

import java.util.Map;

import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityScheme;

import org.springdoc.core.models.GroupedOpenApi;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.prism.platform.ApiDocs;

/** The web channel's OpenAPI group: session cookie plus CSRF header. */
@Configuration(proxyBeanMethods = false)
class WebApiDocsConfiguration {

	@Bean
	GroupedOpenApi webApi(@Value("${prism.docs.server-url:http://localhost:8080}") String serverUrl) {
		return ApiDocs.channelGroup("web", "/web/api/**", new Info().title("Prism web API")
			.version("1")
			.description("Backend for the browser storefront. Log in with POST /web/api/session; the session cookie "
					+ "then authenticates every call. State-changing requests must echo the XSRF-TOKEN cookie in the "
					+ "X-XSRF-TOKEN header. Errors are RFC 9457 problem details."),
				serverUrl,
				Map.of("session",
						new SecurityScheme().type(SecurityScheme.Type.APIKEY)
							.in(SecurityScheme.In.COOKIE)
							.name("PRISM_SESSION")
							.description("The session cookie set at login (named __Host-PRISM_SESSION in production)."),
						"csrf",
						new SecurityScheme().type(SecurityScheme.Type.APIKEY)
							.in(SecurityScheme.In.HEADER)
							.name("X-XSRF-TOKEN")
							.description("The XSRF-TOKEN cookie's value, on every state-changing request.")));
	}

}
