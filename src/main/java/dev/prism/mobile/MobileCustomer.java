package dev.prism.mobile;

import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Whose account an app token opens: the token's {@code customer_id} claim when it has one — an identity provider's
 * token names its user in {@code sub} and the shop's account in a claim of its own, as for the web channel's OpenID
 * Connect sessions — and its subject otherwise (a token minted for the customer account itself).
 */
final class MobileCustomer {

	static final String CUSTOMER_ID_CLAIM = "customer_id";

	private MobileCustomer() {
	}

	static String of(Jwt token) {
		if (token.getClaims().get(CUSTOMER_ID_CLAIM) instanceof String customerId && !customerId.isBlank()) {
			return customerId;
		}
		return token.getSubject();
	}

}
