package dev.prism.mobile;

import java.time.Duration;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import dev.prism.platform.experiments.Experiments;

/**
 * The mobile channel's policies ({@code prism.mobile.*}).
 *
 * @param deadline the time budget of one request, shorter than web's
 * @param maxConcurrentRequests requests in flight beyond which the channel sheds load (503)
 * @param jwt how app tokens are verified
 * @param minAppVersion apps below this version get 426 and must upgrade
 * @param thumbnailWidth pixel width of thumbnails sized for phones
 * @param feedLimit default and maximum feed page size
 * @param cursorSecret HMAC key that makes feed cursors tamper-proof (at least 32 bytes)
 * @param recentOrders how many orders {@code /me} shows
 * @param experiments A/B experiments by name, keyed by the token's subject
 * @param badTokens throttling of repeated bad tokens per client address
 */
@ConfigurationProperties("prism.mobile")
@Validated
record MobileProperties(@DefaultValue("1200ms") Duration deadline,
		@DefaultValue("256") @Min(1) int maxConcurrentRequests, @DefaultValue @Valid Jwt jwt,
		@DefaultValue("1.0.0") @Pattern(regexp = "\\d+(\\.\\d+){0,2}") String minAppVersion,
		@DefaultValue("240") @Min(16) int thumbnailWidth, @DefaultValue @Valid Feed feedLimit, String cursorSecret,
		@DefaultValue("3") @Min(1) @Max(20) int recentOrders, Map<String, Experiments.Definition> experiments,
		@DefaultValue @Valid BadTokens badTokens) {

	MobileProperties {
		experiments = experiments == null ? Map.of() : Map.copyOf(experiments);
	}

	/**
	 * @param secret HS256 key (at least 32 bytes), unless an issuer or JWK set is configured through
	 * {@code spring.security.oauth2.resourceserver.jwt.*}
	 * @param audience the audience every token must contain
	 * @param clockSkew tolerated clock difference for {@code exp}/{@code nbf}
	 * @param cache how many verified tokens are remembered, and for how long
	 */
	record Jwt(String secret, @DefaultValue("mobile") String audience, @DefaultValue("30s") Duration clockSkew,
			@DefaultValue @Valid TokenCache cache) {
	}

	/**
	 * @param maxSize verified tokens remembered at most ({@code 0}: every request's token is verified anew)
	 * @param ttl how long a verified token is remembered at most (it is refused at its expiry all the same)
	 */
	record TokenCache(@DefaultValue("10000") @Min(0) int maxSize, @DefaultValue("5m") Duration ttl) {
	}

	/**
	 * @param maxFailures bad tokens from one client address within the window before 429
	 * @param window how long failures count
	 */
	record BadTokens(@DefaultValue("20") @Min(1) int maxFailures, @DefaultValue("1m") Duration window) {
	}

	/**
	 * @param defaultSize cards per page when the app does not say
	 * @param maxSize the largest page an app may ask for
	 */
	record Feed(@DefaultValue("20") @Min(1) int defaultSize, @DefaultValue("50") @Min(1) @Max(100) int maxSize) {
	}

}
