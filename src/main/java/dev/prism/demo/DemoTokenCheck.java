package dev.prism.demo;

import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import org.jspecify.annotations.Nullable;

/**
 * What the demo customers and orders services check when {@code prism.demo.upstreams.token-issuer} is set (profile
 * {@code demo} with the demo OpenID provider on), as domain services that verify their callers do: a bearer JWT of
 * that issuer, signed with a key of its JWK set ({@code <issuer>/oauth2/jwks}, RS256), unexpired, whose audience names
 * the service — so a token meant for one service opens no other. A token with a {@code customer_id} acts for that
 * customer only; one without (Prism's own identity, client credentials) for every customer. Timed by the system clock
 * with Nimbus's minute of leeway.
 */
final class DemoTokenCheck {

	/** The services that check their callers' tokens. */
	static final Set<String> SERVICES = Set.of("customers", "orders");

	static final String CUSTOMER_ID_CLAIM = "customer_id";

	private final String issuer;

	private final JWKSource<SecurityContext> keys;

	/** One processor per service (thread-safe once configured): the audience is the service's name. */
	private final Map<String, DefaultJWTProcessor<SecurityContext>> processors = new ConcurrentHashMap<>();

	DemoTokenCheck(String issuer) {
		this.issuer = issuer;
		try {
			// Fetched on the first call, cached, and refetched at most every 30 s for an unknown key id.
			this.keys = JWKSourceBuilder.create(URI.create(issuer + "/oauth2/jwks").toURL()).build();
		}
		catch (MalformedURLException | IllegalArgumentException ex) {
			throw new IllegalArgumentException("prism.demo.upstreams.token-issuer is not a URL: " + issuer, ex);
		}
	}

	/** Who a call of {@code service} with this {@code Authorization} header acts for. */
	Caller verify(@Nullable String authorization, String service) throws Refused {
		if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
			throw new Refused("The " + service + " service needs a bearer token of " + this.issuer + ".");
		}
		JWTClaimsSet claims;
		try {
			claims = this.processors.computeIfAbsent(service, this::processor).process(authorization.substring(7).trim(), null);
		}
		catch (ParseException | BadJOSEException | JOSEException ex) {
			throw new Refused("The " + service + " service refused the token: " + ex.getMessage());
		}
		Object customerId = claims.getClaim(CUSTOMER_ID_CLAIM);
		return new Caller(customerId instanceof String id && !id.isBlank() ? id : null);
	}

	private DefaultJWTProcessor<SecurityContext> processor(String service) {
		DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
		processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, this.keys));
		// Mutable sets: Nimbus asks them whether they contain null, which Set.of(...) answers with an exception.
		processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(new HashSet<>(List.of(service)),
				new JWTClaimsSet.Builder().issuer(this.issuer).build(), new HashSet<>(List.of("sub", "exp")),
				new HashSet<>()));
		return processor;
	}

	/**
	 * A verified caller.
	 *
	 * @param customerId the customer the token's user is; {@code null} for a service's own identity
	 */
	record Caller(@Nullable String customerId) {

		/** Whether this caller may read or place orders of {@code customer}. */
		boolean actsFor(@Nullable Object customer) {
			return this.customerId == null || this.customerId.equals(customer);
		}

	}

	/** No valid token: the call is answered 401. */
	static final class Refused extends Exception {

		Refused(String message) {
			super(message);
		}

	}

}
