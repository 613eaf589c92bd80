package dev.prism.upstream;

import java.util.Base64;
import java.nio.charset.StandardCharsets;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.security.oauth2.client.endpoint.AbstractOAuth2AuthorizationGrantRequest;
import org.springframework.security.oauth2.client.endpoint.AbstractRestClientOAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.OAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.OAuth2AuthorizationCodeGrantRequest;
import org.springframework.security.oauth2.client.endpoint.OAuth2ClientCredentialsGrantRequest;
import org.springframework.security.oauth2.client.endpoint.OAuth2RefreshTokenGrantRequest;
import org.springframework.security.oauth2.client.endpoint.RestClientAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.RestClientClientCredentialsTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.RestClientRefreshTokenTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.RestClientTokenExchangeTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.TokenExchangeGrantRequest;
import org.springframework.security.oauth2.client.http.OAuth2ErrorResponseErrorHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.core.endpoint.OAuth2AccessTokenResponse;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.http.converter.OAuth2AccessTokenResponseHttpMessageConverter;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestOperations;
import org.springframework.web.client.RestTemplate;

/**
 * All of Prism's HTTP to identity providers — token, refresh, token exchange, revocation (RFC 7009), UserInfo, JWK
 * sets — on
 * one pooled client with its own timeouts ({@code prism.identity.http.*}), pool gauges
 * ({@code prism.upstream.pool.connections{service=identity-provider}}) and {@code http.client.requests}, and every
 * token request counted as {@code prism.identity.token.requests{registration,grant,outcome}}. A token request is not
 * bound by the client request's deadline: a refresh that was sent is completed, as the provider rotated the token.
 */
public final class IdentityProviderHttp implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(IdentityProviderHttp.class);

	static final String SERVICE = "identity-provider";

	private final CloseableHttpClient client;

	private final RestClient tokens;

	private final RestTemplate jwkSets;

	private final RestTemplate userInfo;

	private final MeterRegistry meters;

	IdentityProviderHttp(IdentityHttpProperties properties, RestClient.Builder builder, MeterRegistry meters,
			String observationName) {
		PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
			.setMaxConnTotal(properties.maxConnections())
			.setMaxConnPerRoute(properties.maxConnections())
			.setDefaultConnectionConfig(ConnectionConfig.custom()
				.setConnectTimeout(Timeout.of(properties.connectTimeout()))
				.setSocketTimeout(Timeout.of(properties.readTimeout()))
				.setTimeToLive(TimeValue.ofMinutes(5))
				.setValidateAfterInactivity(TimeValue.ofSeconds(2))
				.build())
			.build();
		// Like the domain services' clients: nothing redirects (a followed redirect would carry client secrets
		// elsewhere), no cookies, no auth state on connections.
		this.client = HttpClients.custom()
			.setConnectionManager(pool)
			.setDefaultRequestConfig(RequestConfig.custom()
				.setResponseTimeout(Timeout.of(properties.readTimeout()))
				.setConnectionRequestTimeout(Timeout.of(properties.connectTimeout()))
				.build())
			.disableAutomaticRetries()
			.disableRedirectHandling()
			.disableCookieManagement()
			.disableAuthCaching()
			.disableConnectionState()
			.evictIdleConnections(TimeValue.ofSeconds(30))
			.build();
		UpstreamConnections.registerPoolGauges(SERVICE, pool, meters);
		HttpComponentsClientHttpRequestFactory requests = new HttpComponentsClientHttpRequestFactory(this.client);
		this.tokens = builder.clone()
			.requestFactory(requests)
			.messageConverters(converters -> {
				// What Spring Security's token clients need, and nothing else: forms out, token responses in.
				converters.clear();
				converters.add(new FormHttpMessageConverter());
				converters.add(new OAuth2AccessTokenResponseHttpMessageConverter());
			})
			.defaultStatusHandler(new OAuth2ErrorResponseErrorHandler())
			.observationConvention(new IdentityObservationConvention(observationName))
			.build();
		this.jwkSets = new RestTemplate(requests);
		this.userInfo = new RestTemplate(requests);
		this.userInfo.setErrorHandler(new OAuth2ErrorResponseErrorHandler());
		this.meters = meters;
	}

	/** Spring Security's authorization-code token client (a web login's code for tokens) on this client. */
	public OAuth2AccessTokenResponseClient<OAuth2AuthorizationCodeGrantRequest> authorizationCodeTokens() {
		return counted("authorization_code", on(new RestClientAuthorizationCodeTokenResponseClient()));
	}

	/** Spring Security's refresh-token client on this client. */
	public OAuth2AccessTokenResponseClient<OAuth2RefreshTokenGrantRequest> refreshTokens() {
		return counted("refresh_token", on(new RestClientRefreshTokenTokenResponseClient()));
	}

	OAuth2AccessTokenResponseClient<OAuth2ClientCredentialsGrantRequest> clientCredentialsTokens() {
		return counted("client_credentials", on(new RestClientClientCredentialsTokenResponseClient()));
	}

	/** Token exchange, asking for {@code audience} when it is set. */
	OAuth2AccessTokenResponseClient<TokenExchangeGrantRequest> exchangedTokens(@Nullable String audience) {
		RestClientTokenExchangeTokenResponseClient exchange = on(new RestClientTokenExchangeTokenResponseClient());
		if (audience != null && !audience.isBlank()) {
			exchange.setParametersCustomizer(parameters -> parameters.set(OAuth2ParameterNames.AUDIENCE, audience));
		}
		return counted("token_exchange", exchange);
	}

	/** For the UserInfo endpoint (Spring Security's user services take {@link RestOperations}; OAuth 2.0 errors read). */
	public RestOperations userInfo() {
		return this.userInfo;
	}

	/** For JWK sets (Nimbus takes {@link RestOperations}). */
	public RestOperations jwkSets() {
		return this.jwkSets;
	}

	/**
	 * Revokes {@code token} at {@code endpoint} (RFC 7009), the client authenticated as {@code registration} says.
	 * Best effort: whether the provider confirmed it (200); a refusal or an unreachable provider is logged.
	 */
	public boolean revoke(ClientRegistration registration, String endpoint, String token, String tokenTypeHint) {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.set(OAuth2ParameterNames.TOKEN, token);
		form.set(OAuth2ParameterNames.TOKEN_TYPE_HINT, tokenTypeHint);
		HttpHeaders headers = new HttpHeaders();
		if (ClientAuthenticationMethod.CLIENT_SECRET_POST.equals(registration.getClientAuthenticationMethod())) {
			form.set(OAuth2ParameterNames.CLIENT_ID, registration.getClientId());
			form.set(OAuth2ParameterNames.CLIENT_SECRET, registration.getClientSecret());
		}
		else if (ClientAuthenticationMethod.NONE.equals(registration.getClientAuthenticationMethod())) {
			form.set(OAuth2ParameterNames.CLIENT_ID, registration.getClientId());
		}
		else if (!ClientAuthenticationMethod.CLIENT_SECRET_BASIC.equals(registration.getClientAuthenticationMethod())) {
			log.info("No revocation at logout for registration {}: its client authentication ({}) is not one Prism "
					+ "revokes with", registration.getRegistrationId(), registration.getClientAuthenticationMethod().getValue());
			return false;
		}
		else {
			headers.setBasicAuth(Base64.getEncoder()
				.encodeToString((urlEncoded(registration.getClientId()) + ":"
						+ urlEncoded(registration.getClientSecret())).getBytes(StandardCharsets.UTF_8)));
		}
		String outcome = "success";
		try {
			this.tokens.post()
				.uri(endpoint)
				.headers(h -> h.addAll(headers))
				.contentType(MediaType.APPLICATION_FORM_URLENCODED)
				.body(form)
				.retrieve()
				.toBodilessEntity();
			return true;
		}
		catch (OAuth2AuthorizationException ex) {
			outcome = outcome(ex);
			log.warn("The provider of registration {} did not revoke a token ({})",
					registration.getRegistrationId(), ex.getError().getErrorCode());
			return false;
		}
		catch (RuntimeException ex) {
			outcome = "unavailable";
			log.warn("The provider of registration {} did not confirm the revocation of a token ({})",
					registration.getRegistrationId(), ex.getClass().getSimpleName());
			return false;
		}
		finally {
			count(registration.getRegistrationId(), "revocation", outcome);
		}
	}

	private <C extends AbstractRestClientOAuth2AccessTokenResponseClient<?>> C on(C tokenClient) {
		tokenClient.setRestClient(this.tokens);
		return tokenClient;
	}

	private <T extends AbstractOAuth2AuthorizationGrantRequest> OAuth2AccessTokenResponseClient<T> counted(
			String grant, OAuth2AccessTokenResponseClient<T> delegate) {
		return request -> {
			String outcome = "unavailable";
			try {
				OAuth2AccessTokenResponse response = delegate.getTokenResponse(request);
				outcome = "success";
				return response;
			}
			catch (OAuth2AuthorizationException ex) {
				outcome = outcome(ex);
				throw ex;
			}
			finally {
				count(request.getClientRegistration().getRegistrationId(), grant, outcome);
			}
		};
	}

	/**
	 * {@code refused} when the provider answered with an OAuth 2.0 error ({@code invalid_grant}, {@code invalid_client}
	 * ...), {@code unavailable} when it did not answer usably (Spring reports that as {@code invalid_token_response}).
	 */
	static String outcome(OAuth2AuthorizationException ex) {
		return INVALID_TOKEN_RESPONSE.equals(ex.getError().getErrorCode()) ? "unavailable" : "refused";
	}

	/** Spring Security's error code for a token endpoint that did not answer, or not with a token response. */
	static final String INVALID_TOKEN_RESPONSE = "invalid_token_response";

	private void count(String registration, String grant, String outcome) {
		Counter.builder("prism.identity.token.requests")
			.description("Requests Prism made to identity providers' token and revocation endpoints")
			.tags("registration", registration, "grant", grant, "outcome", outcome)
			.register(this.meters)
			.increment();
	}

	private static String urlEncoded(@Nullable String value) {
		return java.net.URLEncoder.encode(value != null ? value : "", StandardCharsets.UTF_8);
	}

	@Override
	public void close() throws Exception {
		this.client.close();
	}

	/** {@code http.client.requests} of this client: {@code client.name} is {@code identity-provider}. */
	private static final class IdentityObservationConvention
			extends org.springframework.http.client.observation.DefaultClientRequestObservationConvention {

		IdentityObservationConvention(String name) {
			super(name);
		}

		@Override
		protected io.micrometer.common.KeyValue clientName(
				org.springframework.http.client.observation.ClientRequestObservationContext context) {
			return io.micrometer.common.KeyValue.of(
					org.springframework.http.client.observation.ClientHttpObservationDocumentation.LowCardinalityKeyNames.CLIENT_NAME,
					SERVICE);
		}

	}

}
