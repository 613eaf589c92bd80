package dev.prism.platform;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.swagger.v3.oas.models.Components;
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
			})
			.build();
	}

}
