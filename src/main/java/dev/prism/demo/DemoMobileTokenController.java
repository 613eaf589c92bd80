package dev.prism.demo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.prism.demo.identity.DemoAppTokens;
import dev.prism.platform.request.EdgeOrder;

/**
 * Demo only: {@code POST /demo/mobile-token {"customerId":"c-1001"}} answers a short-lived app token, so the mobile
 * channel can be tried with curl. With the demo OpenID provider on (as in profile {@code demo}) the token is the
 * provider's ({@link DemoAppTokens}: RS256, subject the user, {@code customer_id} the account), which Prism verifies
 * with the provider's JWK set and the provider exchanges for the customers and orders services; with it off (the
 * benchmarks) it is signed with the demo HS256 secret, subject the customer. In production tokens come from the
 * identity provider; this controller exists only in profile {@code demo}.
 */
@RestController
@Profile("demo")
class DemoMobileTokenController {

	private static final List<String> DEMO_CUSTOMERS = List.of("c-1001", "c-1002");

	private final byte[] secret;

	private final String audience;

	private final @Nullable DemoAppTokens provider;

	DemoMobileTokenController(@Value("${prism.mobile.jwt.secret}") String secret,
			@Value("${prism.mobile.jwt.audience:mobile}") String audience, ObjectProvider<DemoAppTokens> provider) {
		this.secret = secret.getBytes(StandardCharsets.UTF_8);
		this.audience = audience;
		this.provider = provider.getIfAvailable();
	}

	record TokenRequest(String customerId) {
	}

	@PostMapping("/demo/mobile-token")
	ResponseEntity<Map<String, Object>> token(@RequestBody TokenRequest request) throws JOSEException {
		if (this.provider != null && this.provider.available()) {
			Optional<DemoAppTokens.AppToken> token = request.customerId() == null ? Optional.empty()
					: this.provider.issue(request.customerId(), this.audience);
			if (token.isEmpty()) {
				return notADemoCustomer(this.provider.customers());
			}
			return issued(token.get().value(), token.get().expiresIn());
		}
		if (request.customerId() == null || !DEMO_CUSTOMERS.contains(request.customerId())) {
			return notADemoCustomer(DEMO_CUSTOMERS);
		}
		Duration lifetime = Duration.ofMinutes(15);
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256),
				new JWTClaimsSet.Builder().subject(request.customerId())
					.audience(this.audience)
					.issuer("prism-demo")
					.issueTime(new Date())
					.expirationTime(Date.from(Instant.now().plus(lifetime)))
					.jwtID(UUID.randomUUID().toString())
					.build());
		jwt.sign(new MACSigner(this.secret));
		return issued(jwt.serialize(), lifetime);
	}

	private static ResponseEntity<Map<String, Object>> issued(String token, Duration lifetime) {
		return ResponseEntity.ok()
			.cacheControl(CacheControl.noStore())
			.body(Map.of("accessToken", token, "tokenType", "Bearer", "expiresIn", lifetime.toSeconds()));
	}

	private static ResponseEntity<Map<String, Object>> notADemoCustomer(List<String> customers) {
		return ResponseEntity.status(HttpStatus.BAD_REQUEST)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(Map.of("type", "urn:prism:problem:invalid-request", "title", "Invalid request", "status", 400,
					"detail", "customerId must be a demo customer: " + String.join(", ", customers)));
	}

	/** Opens {@code POST /demo/mobile-token} (stateless, no CSRF: it sets no cookie and needs no credential). */
	@Configuration(proxyBeanMethods = false)
	@Profile("demo")
	static class DemoMobileTokenSecurity {

		@Bean
		@Order(EdgeOrder.DEMO_CHAIN)
		SecurityFilterChain demoSecurity(HttpSecurity http) {
			return http.securityMatcher("/demo/**")
				.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
				.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
				.csrf(csrf -> csrf.disable())
				.build();
		}

	}

}
