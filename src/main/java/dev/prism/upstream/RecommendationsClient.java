package dev.prism.upstream;

import java.util.List;
import java.util.Optional;

/** The recommendations service: skus to show next to a product, optionally personalised for a customer. */
public class RecommendationsClient {

	private final UpstreamHttp http;

	RecommendationsClient(UpstreamHttp http) {
		this.http = http;
	}

	public List<String> recommendations(String sku, String customerId, int limit) {
		return this.http.get("recommendations", uri -> uri.path("/recommendations")
			.queryParam("sku", sku)
			.queryParamIfPresent("customerId", Optional.ofNullable(customerId))
			.queryParam("limit", limit)
			.build(), Recommendations.class).skus();
	}

	record Recommendations(List<String> skus) {
		Recommendations {
			skus = skus == null ? List.of() : skus;
		}
	}

}
