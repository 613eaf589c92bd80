package dev.prism.web;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import dev.prism.platform.experiments.Experiments;

/**
 * The web channel's policies ({@code prism.web.*}).
 *
 * @param deadline the time budget of one request
 * @param maxConcurrentRequests requests in flight beyond which the channel sheds load (503)
 * @param featuredSize how many products the home page features (the catalog's first page)
 * @param pageSize search results per page
 * @param thumbnailWidth pixel width of thumbnails ({@code ?w=} on the catalog image URL)
 * @param recommendations how many recommendations a product page shows
 * @param users the users who may log in, by username
 * @param experiments A/B experiments by name
 * @param cors browser origins allowed to call the API cross-origin
 * @param login failed-login throttling
 * @param oidc sessions logged in through an OpenID Connect provider: which registrations are logins, token refresh,
 * logout, lifetime
 * @param session what the server-side session keeps
 */
@ConfigurationProperties("prism.web")
@Validated
record WebProperties(@DefaultValue("2s") Duration deadline,
		@DefaultValue("256") @Min(1) int maxConcurrentRequests, @DefaultValue("8") @Min(1) @Max(50) int featuredSize,
		@DefaultValue("20") @Min(1) @Max(100) int pageSize, @DefaultValue("480") @Min(16) int thumbnailWidth,
		@DefaultValue("4") @Min(0) @Max(20) int recommendations, Map<String, User> users,
		Map<String, Experiments.Definition> experiments, @DefaultValue @Valid Cors cors, @DefaultValue @Valid Login login,
		@DefaultValue Oidc oidc, @DefaultValue Session session) {

	WebProperties {
		users = users == null ? Map.of() : Map.copyOf(users);
		experiments = experiments == null ? Map.of() : Map.copyOf(experiments);
	}

	/**
	 * A web user.
	 *
	 * @param password the password in Spring Security's {@code {id}hash} form ({@code {bcrypt}...})
	 * @param customerId the customer account the user acts for
	 */
	record User(String password, String customerId) {
	}

	/** @param allowedOrigins exact origins, e.g. {@code https://shop.example.com}; none by default */
	record Cors(List<String> allowedOrigins) {

		Cors {
			allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
		}

	}

	/**
	 * @param maxFailures failed logins per username or client address before 429
	 * @param window how long failures count
	 */
	record Login(@DefaultValue("5") @Min(1) int maxFailures, @DefaultValue("15m") Duration window) {
	}

	/**
	 * Web sessions logged in through OpenID Connect ({@code prism.web.oidc.*}).
	 *
	 * @param registrationIds the client registrations ({@code spring.security.oauth2.client.registration.<id>}) a
	 * browser may log in with; none configured: every {@code authorization_code} registration, so a
	 * {@code client_credentials} registration (Prism's own identity at an upstream) never opens a login
	 * @param refreshAhead how long before it expires an access token is refreshed
	 * @param clockSkew how far Prism's and the provider's clocks may differ: a token counts as expiring this much
	 * earlier still, and a refreshed ID token's times are checked with this tolerance
	 * @param postLogoutRedirectUri where the provider sends the browser after logging it out, {@code {baseUrl}} being
	 * the address the browser reached Prism at
	 * @param sessionMaxLifetime how long such a session lives at most from its login, however active
	 */
	record Oidc(@Nullable List<String> registrationIds, @DefaultValue("60s") Duration refreshAhead,
			@DefaultValue("60s") Duration clockSkew, @DefaultValue("{baseUrl}/") String postLogoutRedirectUri,
			@DefaultValue("12h") Duration sessionMaxLifetime) {

		Oidc {
			registrationIds = registrationIds == null ? List.of() : List.copyOf(registrationIds);
			if (refreshAhead.isNegative() || clockSkew.isNegative()) {
				throw new IllegalArgumentException("prism.web.oidc.refresh-ahead and clock-skew must not be negative");
			}
			if (sessionMaxLifetime.isNegative() || sessionMaxLifetime.isZero()) {
				throw new IllegalArgumentException("prism.web.oidc.session-max-lifetime must be positive");
			}
		}

		/** The defaults, as an empty {@code prism.web.oidc} binds. */
		static Oidc defaults() {
			return new Oidc(null, Duration.ofSeconds(60), Duration.ofSeconds(60), "{baseUrl}/", Duration.ofHours(12));
		}

	}

	/**
	 * @param encryptionKey the AES-256 key (base64 of 32 bytes) that encrypts the tokens an OpenID Connect session
	 * keeps, the same on every instance; required in prod; unset elsewhere, each process makes up its own (logged)
	 */
	record Session(@Nullable String encryptionKey) {

		@Override
		public String toString() {
			return "Session[encryptionKey=" + (this.encryptionKey == null ? "unset" : "******") + "]";
		}

	}

}
