package dev.prism.upstream;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import tools.jackson.databind.json.JsonMapper;

/**
 * Upstream answers parsed once into Prism's records, served from memory by the real client types, so a benchmark
 * measures a controller's own work (fan-out bookkeeping, views, degradation) without HTTP, resilience or caches.
 */
public final class InMemoryUpstreams {

	private final JsonMapper mapper;

	public InMemoryUpstreams(JsonMapper mapper) {
		this.mapper = mapper;
	}

	/** Parses a catalog batch answer ({@code ProductPage}) as {@link CatalogClient} does. */
	public List<Product> products(byte[] json) {
		return this.mapper.readValue(json, ProductPage.class).items();
	}

	public Map<String, Price> prices(byte[] json) {
		Map<String, Price> prices = new LinkedHashMap<>();
		this.mapper.readValue(json, PricingClient.PriceList.class).prices().forEach(p -> prices.put(p.sku(), p));
		return prices;
	}

	public Map<String, Availability> availability(byte[] json) {
		Map<String, Availability> stock = new LinkedHashMap<>();
		this.mapper.readValue(json, InventoryClient.AvailabilityList.class).items().forEach(a -> stock.put(a.sku(), a));
		return stock;
	}

	public ProductReviews reviews(byte[] json) {
		return this.mapper.readValue(json, ProductReviews.class);
	}

	public List<String> recommendations(byte[] json) {
		return this.mapper.readValue(json, RecommendationsClient.Recommendations.class).skus();
	}

	/** A catalog answering from {@code products} (single and batch lookups). */
	public static CatalogClient catalog(List<Product> products) {
		Map<String, Product> bySku = new LinkedHashMap<>();
		products.forEach(product -> bySku.put(product.sku(), product));
		return new CatalogClient(null, null) {

			@Override
			public Product product(String sku) {
				Product product = bySku.get(sku);
				if (product == null) {
					throw new UpstreamNotFoundException("The catalog service does not know this resource.");
				}
				return product;
			}

			@Override
			public List<Product> products(Collection<String> skus) {
				return skus.stream().distinct().map(bySku::get).filter(Objects::nonNull).toList();
			}

		};
	}

	public static PricingClient pricing(Map<String, Price> prices) {
		return new PricingClient(null, null) {

			@Override
			public Map<String, Price> prices(Collection<String> skus) {
				return known(skus, prices);
			}

		};
	}

	public static InventoryClient inventory(Map<String, Availability> stock) {
		return new InventoryClient(null, null) {

			@Override
			public Map<String, Availability> availability(Collection<String> skus) {
				return known(skus, stock);
			}

		};
	}

	public static ReviewsClient reviews(ProductReviews reviews) {
		return new ReviewsClient(null, null) {

			@Override
			public ProductReviews reviews(String sku, int limit) {
				return reviews;
			}

		};
	}

	public static RecommendationsClient recommendations(List<String> skus) {
		return new RecommendationsClient(null) {

			@Override
			public List<String> recommendations(String sku, String customerId, int limit) {
				return skus;
			}

		};
	}

	/** A {@link FanOut} running every branch on the calling thread: its bookkeeping, not a thread hand-off. */
	public static FanOut sameThreadFanOut() {
		return new FanOut(Runnable::run, SAME_THREAD_TIMEOUTS);
	}

	/** Never used: a branch that runs at once is done before it could be given a timeout. */
	private static final UpstreamTimeouts SAME_THREAD_TIMEOUTS = new UpstreamTimeouts();

	/** What a batch client returns: the known skus of those asked for, in a fresh map, as after parsing. */
	private static <T> Map<String, T> known(Collection<String> skus, Map<String, T> all) {
		Map<String, T> found = new LinkedHashMap<>();
		for (String sku : skus) {
			T value = all.get(sku);
			if (value != null) {
				found.put(sku, value);
			}
		}
		return found;
	}

}
