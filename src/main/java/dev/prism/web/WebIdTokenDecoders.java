package dev.prism.web;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.springframework.security.oauth2.client.oidc.authentication.OidcIdTokenDecoderFactory;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.web.client.RestOperations;

/**
 * ID-token decoders as Spring Security's {@link OidcIdTokenDecoderFactory} makes them — the provider's JWK set, its
 * claim types, the given validators — except that the JWK set is fetched through {@code upstream}'s identity-provider
 * client (Spring's factory brings its own HTTP client and cannot be given one). One decoder per registration.
 */
final class WebIdTokenDecoders implements JwtDecoderFactory<ClientRegistration> {

	private final RestOperations jwkSets;

	private final Function<ClientRegistration, OAuth2TokenValidator<Jwt>> validators;

	private final Map<String, JwtDecoder> decoders = new ConcurrentHashMap<>();

	WebIdTokenDecoders(RestOperations jwkSets, Function<ClientRegistration, OAuth2TokenValidator<Jwt>> validators) {
		this.jwkSets = jwkSets;
		this.validators = validators;
	}

	@Override
	public JwtDecoder createDecoder(ClientRegistration registration) {
		return this.decoders.computeIfAbsent(registration.getRegistrationId(), id -> {
			String jwkSetUri = registration.getProviderDetails().getJwkSetUri();
			if (jwkSetUri == null || jwkSetUri.isBlank()) {
				throw new IllegalStateException("Registration " + id + " has no jwk-set-uri to verify ID tokens with");
			}
			NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(jwkSetUri)
				.jwsAlgorithms(algorithms -> {
					algorithms.add(SignatureAlgorithm.RS256);
					algorithms.add(SignatureAlgorithm.ES256);
					algorithms.add(SignatureAlgorithm.PS256);
				})
				.restOperations(this.jwkSets)
				.build();
			decoder.setJwtValidator(this.validators.apply(registration));
			decoder.setClaimSetConverter(OidcIdTokenDecoderFactory.createDefaultClaimTypeConverter());
			return decoder;
		});
	}

}
