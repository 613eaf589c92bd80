package dev.prism.upstream;

/** The reviews service: a product's rating summary and top reviews, cached for minutes. */
public class ReviewsClient {

	private final UpstreamHttp http;

	private final UpstreamCache cache;

	ReviewsClient(UpstreamHttp http, UpstreamCache cache) {
		this.http = http;
		this.cache = cache;
	}

	public ProductReviews reviews(String sku, int limit) {
		java.util.function.Supplier<ProductReviews> fetch = () -> this.http.get("reviews",
				UpstreamPath.of("/products").segment(sku).then("/reviews").query("limit", limit),
				ProductReviews.class);
		return this.cache.get(CacheKey.of("reviews", sku, limit), fetch);
	}

}
