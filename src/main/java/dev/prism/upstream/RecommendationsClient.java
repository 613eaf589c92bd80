package dev.prism.upstream;

import java.util.List;

import org.jspecify.annotations.Nullable;

/** The recommendations service: skus to show next to a product, optionally personalised for a customer. */
public class RecommendationsClient {

	private final UpstreamHttp http;

	RecommendationsClient(UpstreamHttp http) {
		this.http = http;
	}

	public List<String> recommendations(String sku, @Nullable String customerId, int limit) {
		return this.http.get("recommendations", UpstreamPath.of("/recommendations")
			.query("sku", sku)
			.query("customerId", customerId)
			.query("limit", limit), Recommendations.class).skus();
	}

	record Recommendations(List<String> skus) {
		Recommendations {
			skus = skus == null ? List.of() : skus;
		}
	}

}
