package dev.prism.upstream;

/** The reviews service: a product's rating summary and top reviews. */
public class ReviewsClient {

	private final UpstreamHttp http;

	ReviewsClient(UpstreamHttp http) {
		this.http = http;
	}

	public ProductReviews reviews(String sku, int limit) {
		return this.http.get(uri -> uri.path("/products/{sku}/reviews").queryParam("limit", limit).build(sku),
				ProductReviews.class);
	}

}
