package dev.prism.web;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

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
 */
@ConfigurationProperties("prism.web")
@Validated
record WebProperties(@DefaultValue("2s") Duration deadline,
		@DefaultValue("256") @Min(1) int maxConcurrentRequests, @DefaultValue("8") @Min(1) @Max(50) int featuredSize,
		@DefaultValue("20") @Min(1) @Max(100) int pageSize, @DefaultValue("480") @Min(16) int thumbnailWidth,
		@DefaultValue("4") @Min(0) @Max(20) int recommendations, Map<String, User> users,
		Map<String, Experiments.Definition> experiments, @DefaultValue @Valid Cors cors, @DefaultValue @Valid Login login) {

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

}
