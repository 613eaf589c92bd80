package dev.prism.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import org.junit.jupiter.api.Test;

import org.springframework.data.redis.serializer.JdkSerializationRedisSerializer;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.oidc.authentication.OidcIdTokenDecoderFactory;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.converter.ClaimTypeConverter;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.DefaultCsrfToken;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.session.MapSession;

/**
 * What a web session holds survives the trip to Redis and back as JSON — the security context of a password or an
 * OpenID Connect login (its ID token as the login decodes it), an authorization request in flight, an authorized
 * client with its tokens, a CSRF token, Spring Session's own bookkeeping, and what an OpenID Connect login of the web
 * channel keeps (its tokens sealed, its user without the ID token) — and what cannot be read drops its session instead
 * of failing.
 */
class WebSessionSerializerTests {

	private final WebSessionSerializer serializer = WebSessionSerializer.json(getClass().getClassLoader());

	private Object roundTrip(Object value) {
		byte[] json = this.serializer.serialize(value);
		assertThat(new String(json, StandardCharsets.UTF_8)).startsWith("{").contains("\"@class\"");
		return this.serializer.deserialize(json);
	}

	@Test
	void aPasswordLoginsSecurityContext() {
		// Given the authentication WebLogin's provider answers for bob (password erased, authorities and factors)
		DaoAuthenticationProvider provider = new DaoAuthenticationProvider(new InMemoryUserDetailsManager(
				User.withUsername("bob").password("{noop}builder").roles("CUSTOMER").build()));
		Authentication bob = new ProviderManager(provider)
			.authenticate(UsernamePasswordAuthenticationToken.unauthenticated("bob", "builder"));
		SecurityContext context = new SecurityContextImpl(bob);

		// Then it comes back equal, without the password
		assertThat(new String(this.serializer.serialize(context), StandardCharsets.UTF_8)).doesNotContain("builder");
		Authentication read = ((SecurityContext) roundTrip(context)).getAuthentication();
		assertThat(read).isInstanceOf(UsernamePasswordAuthenticationToken.class);
		assertThat(read.isAuthenticated()).isTrue();
		assertThat(read.getPrincipal()).isEqualTo(bob.getPrincipal());
		assertThat(read.getAuthorities()).map(GrantedAuthority::getAuthority)
			.containsExactlyElementsOf(bob.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList())
			.contains("ROLE_CUSTOMER", "FACTOR_PASSWORD");
		// The factor's time comes back as precise as a decimal number of seconds keeps it (Spring Security's format)
		assertThat(issuedAt(read)).isCloseTo(issuedAt(bob), within(1, ChronoUnit.MILLIS));
	}

	private static Instant issuedAt(Authentication authentication) {
		return authentication.getAuthorities()
			.stream()
			.filter(FactorGrantedAuthority.class::isInstance)
			.map(authority -> ((FactorGrantedAuthority) authority).getIssuedAt())
			.findFirst()
			.orElseThrow();
	}

	@Test
	void anOpenIdConnectLoginsSecurityContext() throws Exception {
		// Given an ID token as the login decodes it: signed by the provider, claims converted by Spring Security
		RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
		Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		SignedJWT signed = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(),
				new JWTClaimsSet.Builder().issuer("https://idp.example")
					.subject("user-7")
					.audience("prism-web")
					.issueTime(Date.from(now))
					.expirationTime(Date.from(now.plusSeconds(3600)))
					.claim("nonce", "nonce-1")
					.claim("email", "alice@example.com")
					.claim("email_verified", true)
					.claim("auth_time", now.getEpochSecond())
					.claim("groups", List.of("customers", "beta"))
					.claim("address", Map.of("country", "DE"))
					.claim("realm_access", Map.of("roles", List.of("customer")))
					.claim("loyalty_points", 1200)
					.claim(WebLogin.CUSTOMER_ID_CLAIM, "c-1001")
					.build());
		signed.sign(new RSASSASigner(key));
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(key.toRSAPublicKey()).build();
		decoder.setClaimSetConverter(new ClaimTypeConverter(OidcIdTokenDecoderFactory.createDefaultClaimTypeConverters()));
		Jwt jwt = decoder.decode(signed.serialize());
		OidcIdToken idToken = new OidcIdToken(jwt.getTokenValue(), jwt.getIssuedAt(), jwt.getExpiresAt(), jwt.getClaims());
		Set<GrantedAuthority> authorities = new LinkedHashSet<>(
				List.of(new OidcUserAuthority(idToken), new SimpleGrantedAuthority("SCOPE_openid")));
		OidcUser user = new DefaultOidcUser(authorities, idToken);
		SecurityContext context = new SecurityContextImpl(new OAuth2AuthenticationToken(user, authorities, "idp"));

		// When it makes the round trip
		SecurityContext read = (SecurityContext) roundTrip(context);

		// Then the session still knows the user, the customer and the ID token (for the logout's id_token_hint)
		assertThat(read.getAuthentication()).isInstanceOfSatisfying(OAuth2AuthenticationToken.class, token -> {
			assertThat(token.getAuthorizedClientRegistrationId()).isEqualTo("idp");
			assertThat(token.getPrincipal()).isInstanceOfSatisfying(OidcUser.class, oidc -> {
				assertThat(oidc.getName()).isEqualTo("user-7");
				assertThat(oidc.getClaimAsString(WebLogin.CUSTOMER_ID_CLAIM)).isEqualTo("c-1001");
				assertThat(oidc.getIdToken().getTokenValue()).isEqualTo(signed.serialize());
				assertThat(oidc.getIdToken().getExpiresAt()).isEqualTo(now.plusSeconds(3600));
				assertThat(oidc.getIdToken().getAudience()).containsExactly("prism-web");
				assertThat(oidc.getIdToken().getNonce()).isEqualTo("nonce-1");
				assertThat(oidc.getIdToken().getIssuer()).hasToString("https://idp.example");
				assertThat(oidc.getIdToken().getAuthenticatedAt()).isEqualTo(now);
				assertThat(oidc.getEmailVerified()).isTrue();
				assertThat(oidc.getClaimAsStringList("groups")).containsExactly("customers", "beta");
				assertThat(oidc.getClaimAsMap("address")).containsEntry("country", "DE");
				assertThat(oidc.getClaimAsMap("realm_access")).containsEntry("roles", List.of("customer"));
				assertThat(oidc.<Number>getClaim("loyalty_points").intValue()).isEqualTo(1200);
			});
			assertThat(token.getAuthorities()).map(GrantedAuthority::getAuthority)
				.containsExactlyInAnyOrder("OIDC_USER", "SCOPE_openid");
		});
	}

	@Test
	void anAuthorizationRequestInFlight() {
		OAuth2AuthorizationRequest request = OAuth2AuthorizationRequest.authorizationCode()
			.authorizationUri("https://idp.example/authorize")
			.clientId("prism-web")
			.redirectUri("https://shop.example/web/api/oauth2/code/idp")
			.scopes(Set.of("openid"))
			.state("state-1")
			.attributes(Map.of("registration_id", "idp", "nonce", "nonce-1"))
			.additionalParameters(Map.of("nonce", "hashed-nonce-1"))
			.build();

		OAuth2AuthorizationRequest read = (OAuth2AuthorizationRequest) roundTrip(request);

		assertThat(read.getState()).isEqualTo("state-1");
		assertThat(read.getClientId()).isEqualTo("prism-web");
		assertThat(read.getRedirectUri()).isEqualTo(request.getRedirectUri());
		assertThat(read.getAttributes()).isEqualTo(request.getAttributes());
		assertThat(read.getAuthorizationRequestUri()).isEqualTo(request.getAuthorizationRequestUri());
	}

	@Test
	void anAuthorizedClientWithItsTokens() {
		ClientRegistration registration = ClientRegistration.withRegistrationId("idp")
			.clientId("prism-web")
			.clientSecret("prism-web-secret")
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.redirectUri("{baseUrl}/web/api/oauth2/code/{registrationId}")
			.scope("openid")
			.authorizationUri("https://idp.example/authorize")
			.tokenUri("https://idp.example/token")
			.jwkSetUri("https://idp.example/jwks")
			.issuerUri("https://idp.example")
			.userNameAttributeName("sub")
			.providerConfigurationMetadata(Map.of("end_session_endpoint", "https://idp.example/logout"))
			.build();
		Instant issued = Instant.parse("2026-11-20T09:30:00Z");
		OAuth2AuthorizedClient client = new OAuth2AuthorizedClient(registration, "user-7",
				new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "access-1", issued, issued.plusSeconds(300),
						Set.of("openid")),
				new OAuth2RefreshToken("refresh-1", issued));

		OAuth2AuthorizedClient read = (OAuth2AuthorizedClient) roundTrip(client);

		assertThat(read.getPrincipalName()).isEqualTo("user-7");
		assertThat(read.getAccessToken().getTokenValue()).isEqualTo("access-1");
		assertThat(read.getAccessToken().getExpiresAt()).isEqualTo(issued.plusSeconds(300));
		assertThat(read.getRefreshToken().getTokenValue()).isEqualTo("refresh-1");
		assertThat(read.getClientRegistration().getProviderDetails().getConfigurationMetadata())
			.containsEntry("end_session_endpoint", "https://idp.example/logout");
	}

	@Test
	void anOpenIdConnectSessionsOwnValuesHoldNoTokenInTheClear() throws Exception {
		// Given what an OpenID Connect login leaves in the session: its tokens sealed, and its user without the ID token
		RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
		Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		SignedJWT signed = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(),
				new JWTClaimsSet.Builder().issuer("https://idp.example")
					.subject("alice")
					.audience("prism")
					.issueTime(Date.from(now))
					.expirationTime(Date.from(now.plusSeconds(300)))
					.claim(WebLogin.CUSTOMER_ID_CLAIM, "c-1001")
					.build());
		signed.sign(new RSASSASigner(key));
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(key.toRSAPublicKey()).build();
		decoder.setClaimSetConverter(new ClaimTypeConverter(OidcIdTokenDecoderFactory.createDefaultClaimTypeConverters()));
		Jwt jwt = decoder.decode(signed.serialize());
		OidcIdToken idToken = new OidcIdToken(jwt.getTokenValue(), jwt.getIssuedAt(), jwt.getExpiresAt(), jwt.getClaims());
		Set<GrantedAuthority> authorities = new LinkedHashSet<>(
				List.of(new OidcUserAuthority("OIDC_USER", idToken, null, "sub"), new SimpleGrantedAuthority("SCOPE_openid")));
		OAuth2AuthenticationToken login = new OAuth2AuthenticationToken(
				new DefaultOidcUser(authorities, idToken, "sub"), authorities, "demo");
		ClientRegistration registration = ClientRegistration.withRegistrationId("demo")
			.clientId("prism")
			.clientSecret("prism-client-secret")
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.redirectUri("{baseUrl}/web/api/oauth2/code/{registrationId}")
			.authorizationUri("https://idp.example/authorize")
			.tokenUri("https://idp.example/token")
			.build();
		OAuth2AuthorizedClient client = new OAuth2AuthorizedClient(registration, "alice",
				new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "access-secret-1", now, now.plusSeconds(300),
						Set.of("openid")),
				new OAuth2RefreshToken("refresh-secret-1", now));
		MockHttpServletRequest request = new MockHttpServletRequest();
		MockHttpServletResponse response = new MockHttpServletResponse();
		WebSessionTokenRepository tokens = new WebSessionTokenRepository(
				new InMemoryClientRegistrationRepository(registration), WebTokenCipher.of(WebTokenCipherTests.key()),
				java.time.Clock.systemUTC());
		tokens.saveAuthorizedClient(client, login, request, response);
		new WebSecurityContextRepository(tokens).saveContext(new SecurityContextImpl(login), request, response);

		// When each value of the session makes the trip to Redis and back
		StringBuilder json = new StringBuilder();
		Map<String, Object> read = new HashMap<>();
		for (String name : java.util.Collections.list(request.getSession().getAttributeNames())) {
			byte[] written = this.serializer.serialize(request.getSession().getAttribute(name));
			json.append(new String(written, StandardCharsets.UTF_8));
			read.put(name, this.serializer.deserialize(written));
		}

		// Then none of the tokens nor the client secret is in it, and both values come back usable
		assertThat(json.toString()).doesNotContain("access-secret-1")
			.doesNotContain("refresh-secret-1")
			.doesNotContain(signed.serialize())
			.doesNotContain("prism-client-secret");
		assertThat(read.get(WebSessionTokenRepository.ATTRIBUTE)).isInstanceOf(String.class);
		SecurityContext context = (SecurityContext) read
			.get(org.springframework.security.web.context.HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
		assertThat(context.getAuthentication()).isInstanceOfSatisfying(OAuth2AuthenticationToken.class, user -> {
			assertThat(user.getName()).isEqualTo("alice");
			assertThat(((OidcUser) user.getPrincipal()).getClaimAsString(WebLogin.CUSTOMER_ID_CLAIM)).isEqualTo("c-1001");
			assertThat(((OidcUser) user.getPrincipal()).getIdToken().getTokenValue())
				.isEqualTo(WebSecurityContextRepository.REDACTED);
		});
		MockHttpServletRequest next = new MockHttpServletRequest();
		next.getSession().setAttribute(WebSessionTokenRepository.ATTRIBUTE, read.get(WebSessionTokenRepository.ATTRIBUTE));
		assertThat(tokens.tokens(next)).hasValueSatisfying(kept -> {
			assertThat(kept.registrationId()).isEqualTo("demo");
			assertThat(kept.idToken()).isEqualTo(signed.serialize());
			assertThat(kept.toString()).doesNotContain("secret-1").doesNotContain(signed.serialize());
		});
		OAuth2AuthorizedClient loaded = tokens.loadAuthorizedClient("demo", login, next);
		assertThat(loaded.getAccessToken().getTokenValue()).isEqualTo("access-secret-1");
		assertThat(loaded.getRefreshToken().getTokenValue()).isEqualTo("refresh-secret-1");
		assertThat(loaded.getClientRegistration()).isSameAs(registration);
	}

	@Test
	void aCsrfToken() {
		CsrfToken token = new DefaultCsrfToken("X-XSRF-TOKEN", "_csrf", "token-1");

		assertThat(roundTrip(token)).isInstanceOfSatisfying(CsrfToken.class, read -> {
			assertThat(read.getHeaderName()).isEqualTo("X-XSRF-TOKEN");
			assertThat(read.getToken()).isEqualTo("token-1");
		});
	}

	@Test
	void springSessionsBookkeepingKeepsItsTypes() {
		// RedisSessionMapper casts the times to Long and the interval to Integer
		assertThat(this.serializer.deserialize(this.serializer.serialize(1_764_000_000_000L))).isEqualTo(1_764_000_000_000L);
		assertThat(this.serializer.deserialize(this.serializer.serialize(1800))).isEqualTo(1800);
	}

	@Test
	void aValueInAnotherFormatOrOfAClassNotAllowedIsUnreadable() {
		byte[] javaSerialized = new JdkSerializationRedisSerializer().serialize(new SecurityContextImpl());
		byte[] notAllowed = "{\"@class\":\"java.lang.ProcessBuilder\",\"command\":[\"true\"]}".getBytes(StandardCharsets.UTF_8);
		byte[] renamed = "{\"@class\":\"dev.prism.web.Renamed\"}".getBytes(StandardCharsets.UTF_8);

		assertThat(this.serializer.deserialize(javaSerialized)).isSameAs(WebSessionSerializer.UNREADABLE);
		assertThat(this.serializer.deserialize(notAllowed)).isSameAs(WebSessionSerializer.UNREADABLE);
		assertThat(this.serializer.deserialize(renamed)).isSameAs(WebSessionSerializer.UNREADABLE);
	}

	@Test
	void aSessionWithAnUnreadableValueOrIncompleteIsDropped() {
		WebSessionMapper mapper = new WebSessionMapper();
		Map<String, Object> complete = new HashMap<>(Map.of("creationTime", 1_764_000_000_000L, "lastAccessedTime",
				1_764_000_060_000L, "maxInactiveInterval", 1800, "sessionAttr:greeting", "hello"));

		MapSession session = mapper.apply("s-1", complete);
		assertThat(session).isNotNull();
		assertThat(session.<String>getAttribute("greeting")).isEqualTo("hello");

		Map<String, Object> unreadable = new HashMap<>(complete);
		unreadable.put("sessionAttr:SPRING_SECURITY_CONTEXT", WebSessionSerializer.UNREADABLE);
		assertThat(mapper.apply("s-1", unreadable)).isNull();

		Map<String, Object> incomplete = new HashMap<>(complete);
		incomplete.remove("creationTime");
		assertThat(mapper.apply("s-1", incomplete)).isNull();
	}

}
