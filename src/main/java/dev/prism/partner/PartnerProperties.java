package dev.prism.partner;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The partner channel's policies and partners ({@code prism.partner.*}).
 *
 * @param deadline the time budget of one request
 * @param maxConcurrentRequests requests in flight beyond which the channel sheds load (503)
 * @param clients the partners, by partner id
 * @param pageSize default and maximum page size of the product feed (at most 100, the catalog's largest page)
 * @param pageTokenSecret HMAC key of page tokens; set it when several instances serve partners
 * @param maxSkus most skus one availability request may ask for (at most 200, the largest batch pricing and
 *     inventory answer, openapi/upstreams.yaml)
 * @param badKeys throttling of repeated bad keys per client address
 */
@ConfigurationProperties("prism.partner")
@Validated
record PartnerProperties(@DefaultValue("3s") Duration deadline,
		@DefaultValue("256") @Min(1) int maxConcurrentRequests, Map<String, Client> clients,
		@DefaultValue @Valid Paging pageSize, String pageTokenSecret, @DefaultValue("100") @Min(1) @Max(200) int maxSkus,
		@DefaultValue @Valid BadKeys badKeys) {

	PartnerProperties {
		clients = clients == null ? Map.of() : Map.copyOf(clients);
	}

	/**
	 * One partner.
	 *
	 * @param keySha256 hex SHA-256 digests of its API keys (several while a key is rotated)
	 * @param scopes what it may do: {@code catalog:read}, {@code orders:write}
	 * @param requestsPerMinute its quota
	 * @param customerId the account its orders are placed for
	 */
	record Client(List<String> keySha256, List<String> scopes, @DefaultValue("600") @Min(1) int requestsPerMinute,
			String customerId) {

		Client {
			keySha256 = keySha256 == null ? List.of() : List.copyOf(keySha256);
			scopes = scopes == null ? List.of() : List.copyOf(scopes);
		}

	}

	record Paging(@DefaultValue("50") @Min(1) int defaultSize, @DefaultValue("100") @Min(1) @Max(100) int maxSize) {
	}

	record BadKeys(@DefaultValue("20") @Min(1) int maxFailures, @DefaultValue("1m") Duration window) {
	}

}
