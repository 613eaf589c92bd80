package dev.prism.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.PathParameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

import org.springdoc.core.models.GroupedOpenApi;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.prism.platform.apidocs.ApiDocs;

/**
 * The web channel's OpenAPI group: the session cookie is the credential of the operations that need a login
 * ({@code @SecurityRequirement(name = "session")} on them), every state-changing request (POST, DELETE) needs the
 * {@code X-XSRF-TOKEN} header as well, public reads need neither. The OpenID Connect login endpoints are Spring
 * Security's filters, not controllers, and are documented here.
 */
@Configuration(proxyBeanMethods = false)
class WebApiDocsConfiguration {

	static final String SESSION = "session";

	static final String CSRF = "csrf";

	@Bean
	GroupedOpenApi webApi(@Value(ApiDocs.SERVER_URL) String serverUrl,
			@Value("${server.servlet.session.cookie.name:PRISM_SESSION}") String sessionCookie) {
		return ApiDocs.channelGroup("web", "/web/api/**", new Info().title("Prism web API")
			.version("1")
			.description("Backend for the browser storefront. Log in with POST /web/api/session; the session cookie "
					+ "then authenticates the account and order operations (public reads are personalised when it "
					+ "is present). Every state-changing request (POST, DELETE) must echo the XSRF-TOKEN cookie, which "
					+ "GET /web/api/session always sets, in the X-XSRF-TOKEN header. Errors are RFC 9457 problem "
					+ "details."),
				serverUrl,
				Map.of(SESSION,
						new SecurityScheme().type(SecurityScheme.Type.APIKEY)
							.in(SecurityScheme.In.COOKIE)
							.name(sessionCookie)
							.description("The session cookie set at login (HttpOnly, SameSite; named __Host-PRISM_SESSION "
									+ "and Secure in production)."),
						CSRF,
						new SecurityScheme().type(SecurityScheme.Type.APIKEY)
							.in(SecurityScheme.In.HEADER)
							.name("X-XSRF-TOKEN")
							.description("The XSRF-TOKEN cookie's value, on every state-changing request.")),
				WebApiDocsConfiguration::csrfOnWrites, WebApiDocsConfiguration::openIdConnectSessions,
				WebApiDocsConfiguration::openIdConnectLogin, WebApiDocsConfiguration::openIdConnectBackChannelLogout);
	}

	/** POST and DELETE need the CSRF header besides whatever else they need; a missing or wrong one is 403. */
	static void csrfOnWrites(OpenAPI openApi) {
		ApiDocs.forEachOperation(openApi, (path, method, operation) -> {
			if (method == PathItem.HttpMethod.POST || method == PathItem.HttpMethod.DELETE) {
				List<SecurityRequirement> requirements = new ArrayList<>();
				if (operation.getSecurity() == null || operation.getSecurity().isEmpty()) {
					requirements.add(new SecurityRequirement().addList(CSRF));
				}
				else {
					operation.getSecurity().forEach(requirement -> requirements.add(requirement.addList(CSRF)));
				}
				operation.setSecurity(requirements);
				ApiDocs.problem(operation, "403",
						"The X-XSRF-TOKEN header is missing or does not match the XSRF-TOKEN cookie");
			}
			if (operation.getSecurity() == null) {
				operation.setSecurity(List.of());
			}
			else if (operation.getSecurity().stream().anyMatch(requirement -> requirement.containsKey(SESSION))) {
				ApiDocs.problem(operation, "401", "Nobody is logged in on this session: POST /web/api/session");
			}
		});
	}

	/**
	 * Every API operation of a session logged in through OpenID Connect first has its tokens renewed when they are
	 * due: a session the provider ended, or that reached its lifetime, is 401 {@code session-expired}; a provider that
	 * cannot renew them now is 503 {@code identity-provider-unavailable} (the session stays). Logging in and out need
	 * no renewal.
	 */
	static void openIdConnectSessions(OpenAPI openApi) {
		ApiDocs.forEachOperation(openApi, (path, method, operation) -> {
			if (path.startsWith("/web/api/oauth2/")
					|| (path.equals("/web/api/session") && method != PathItem.HttpMethod.GET)) {
				return;
			}
			ApiResponse unauthorized = operation.getResponses().get("401");
			if (unauthorized == null) {
				ApiDocs.problem(operation, "401", SESSION_EXPIRED);
			}
			else if (!unauthorized.getDescription().contains(SESSION_EXPIRED)) {
				unauthorized.setDescription(unauthorized.getDescription() + "; or " + lowerFirst(SESSION_EXPIRED));
			}
			ApiResponse unavailable = operation.getResponses().get("503");
			if (unavailable != null && !unavailable.getDescription().contains(PROVIDER_UNAVAILABLE)) {
				unavailable.setDescription(unavailable.getDescription() + "; or " + PROVIDER_UNAVAILABLE);
			}
		});
	}

	private static String lowerFirst(String text) {
		return Character.toLowerCase(text.charAt(0)) + text.substring(1);
	}

	static final String SESSION_EXPIRED = "The OpenID Connect session has expired (urn:prism:problem:session-expired): "
			+ "the provider refused to renew its tokens, or it reached prism.web.oidc.session-max-lifetime; log in again";

	static final String PROVIDER_UNAVAILABLE = "the identity provider cannot renew the session's tokens now "
			+ "(urn:prism:problem:identity-provider-unavailable; the session stays)";

	/** The login through an OpenID Connect provider (when one is configured), served by Spring Security's filters. */
	static void openIdConnectLogin(OpenAPI openApi) {
		openApi.path("/web/api/oauth2/authorization/{registrationId}", new PathItem().get(redirect(
				"Start an OpenID Connect login",
				"Redirects the browser to the provider's authorization endpoint (authorization-code flow). Only for a "
						+ "registration that is a web login (prism.web.oidc.registration-ids; by default every "
						+ "authorization_code registration).",
				"The provider's authorization endpoint")
			.operationId("oidcLogin")));
		Operation callback = redirect("Finish an OpenID Connect login",
				"Where the provider sends the browser back with the code: Prism exchanges it server-side, keeps the "
						+ "tokens in the session, sets the session cookie and redirects to the storefront.",
				"The storefront, now logged in")
			.operationId("oidcCallback");
		callback.getResponses()
			.addApiResponse("401", new ApiResponse().description("The provider's login could not be completed"));
		openApi.path("/web/api/oauth2/code/{registrationId}", new PathItem().get(callback));
	}

	/**
	 * The provider's server-to-server logout (OpenID Connect Back-Channel Logout 1.0), a filter of its own chain: no
	 * session, no CSRF header (it is no browser's request), a form body.
	 */
	static void openIdConnectBackChannelLogout(OpenAPI openApi) {
		Operation logout = new Operation().summary("Back-channel logout, from the identity provider")
			.description("The provider ends a user's session: a logout token with sid ends the web sessions of that "
					+ "provider session, one with only sub every session of the user, on every instance. The token "
					+ "is verified: the provider's JWK set, iss, aud (the client id), iat and exp, jti, the "
					+ "back-channel logout event, sid or sub, and no nonce.")
			.operationId("oidcBackChannelLogout")
			.addTagsItem("Session")
			.addParametersItem(new PathParameter().name("registrationId")
				.description("The provider's registration id, e.g. demo")
				.schema(new StringSchema()))
			.security(List.of())
			.requestBody(new RequestBody().required(true)
				.content(new Content().addMediaType(org.springframework.http.MediaType.APPLICATION_FORM_URLENCODED_VALUE,
						new MediaType().schema(new ObjectSchema().addProperty("logout_token",
								new StringSchema().description("The signed logout token (a JWT)"))
							.addRequiredItem("logout_token")))))
			.responses(new ApiResponses().addApiResponse("200", new ApiResponse()
				.description("The sessions of the token's provider session (or user) are ended; no body")));
		ApiDocs.problem(logout, "400", "The logout token is missing or invalid (the problem also carries "
				+ "error: invalid_request, as the specification asks)");
		ApiDocs.problem(logout, "415", "The request body is not application/x-www-form-urlencoded");
		ApiDocs.problem(logout, "503", "The provider's keys cannot be read now, or the session store is unreachable; "
				+ "retry after Retry-After seconds");
		openApi.path("/logout/connect/back-channel/{registrationId}", new PathItem().post(logout));
	}

	private static Operation redirect(String summary, String description, String target) {
		ApiResponse found = new ApiResponse().description("Redirect to " + target.toLowerCase());
		ApiDocs.header(found, "Location", new StringSchema(), true, target);
		return new Operation().summary(summary)
			.description(description)
			.addTagsItem("Session")
			.addParametersItem(new PathParameter().name("registrationId")
				.description("The provider's registration id, e.g. demo")
				.schema(new StringSchema()))
			.security(List.of())
			.responses(new ApiResponses().addApiResponse("302", found)
				.addApiResponse("404",
						new ApiResponse().description("No OpenID Connect login of that registrationId is configured")));
	}

}
