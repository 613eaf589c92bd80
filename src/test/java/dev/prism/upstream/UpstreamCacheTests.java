package dev.prism.upstream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import javax.cache.Cache;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;

import org.ehcache.config.ResourceType;
import org.ehcache.config.units.EntryUnit;
import org.ehcache.jsr107.Eh107Configuration;
import org.ehcache.config.CacheRuntimeConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The read caches against WireMock: per-sku caching of batch lookups (only the misses go upstream, in one call),
 * time-to-live, stale-if-error for single and batch lookups and while the circuit is open (never for a 404), bounded
 * heaps, and the hit/miss/stale counters.
 */
class UpstreamCacheTests {

	@RegisterExtension
	static final WireMockExtension wiremock = WireMockExtension.newInstance()
		.options(options().dynamicPort())
		.build();

	UpstreamTestKit kit;

	@AfterEach
	void close() throws Exception {
		if (this.kit != null) {
			this.kit.close();
		}
	}

	private UpstreamTestKit kit(String... overrides) {
		this.kit = UpstreamTestKit.of(wiremock.baseUrl(), overrides);
		return this.kit;
	}

	private static String product(String sku) {
		return "{\"sku\":\"" + sku + "\",\"name\":\"Name of " + sku + "\",\"images\":[],\"attributes\":{}}";
	}

	private static String page(String... skus) {
		return "{\"items\":[" + String.join(",", java.util.Arrays.stream(skus).map(UpstreamCacheTests::product).toList())
				+ "],\"page\":0,\"size\":20,\"total\":" + skus.length + "}";
	}

	@Test
	void aCatalogBatchIsCachedPerSkuAndOnlyTheMissesAreFetchedInOneCall() {
		wiremock.stubFor(get(urlPathEqualTo("/catalog/products")).withQueryParam("skus", equalTo("A,B,X"))
			.willReturn(okJson(page("A", "B"))));
		wiremock.stubFor(get(urlPathEqualTo("/catalog/products")).withQueryParam("skus", equalTo("C"))
			.willReturn(okJson(page("C"))));
		CatalogClient catalog = kit("catalog.cache.ttl", "1m").catalog();

		// Given a batch lookup, in which X is unknown
		assertThat(catalog.products(List.of("A", "B", "X"))).extracting(Product::sku).containsExactly("A", "B");

		// When single and batch lookups follow
		assertThat(catalog.product("A").name()).isEqualTo("Name of A");
		assertThatThrownBy(() -> catalog.product("X")).isInstanceOf(UpstreamNotFoundException.class);
		assertThat(catalog.products(List.of("C", "A"))).extracting(Product::sku).containsExactly("C", "A");

		// Then A and X came from the cache, and only C was fetched, in one call
		wiremock.verify(1, getRequestedFor(urlPathEqualTo("/catalog/products")).withQueryParam("skus", equalTo("A,B,X")));
		wiremock.verify(1, getRequestedFor(urlPathEqualTo("/catalog/products")).withQueryParam("skus", equalTo("C")));
		assertThat(wiremock.getAllServeEvents()).hasSize(2);
		assertThat(this.kit.count("prism.upstream.cache", "cache", "catalog", "result", "hit")).isEqualTo(3);
		assertThat(this.kit.count("prism.upstream.cache", "cache", "catalog", "result", "miss")).isEqualTo(4);
	}

	@Test
	void anEntryIsFreshForItsTimeToLiveAndFetchedAgainAfterwards() {
		wiremock.stubFor(get(urlPathEqualTo("/reviews/products/SKU-1/reviews"))
			.willReturn(okJson("{\"sku\":\"SKU-1\",\"averageRating\":4.5,\"count\":2,\"items\":[]}")));
		ReviewsClient reviews = kit("reviews.cache.ttl", "200ms").reviews();

		reviews.reviews("SKU-1", 3);
		this.kit.clock.advance(Duration.ofMillis(199));
		reviews.reviews("SKU-1", 3);
		wiremock.verify(1, getRequestedFor(urlPathEqualTo("/reviews/products/SKU-1/reviews")));

		this.kit.clock.advance(Duration.ofMillis(1));
		reviews.reviews("SKU-1", 3);
		wiremock.verify(2, getRequestedFor(urlPathEqualTo("/reviews/products/SKU-1/reviews")));
	}

	@Test
	void searchesAreCachedToo() {
		wiremock.stubFor(get(urlPathEqualTo("/catalog/products")).willReturn(okJson(page("A"))));
		CatalogClient catalog = kit("catalog.cache.ttl", "1m").catalog();

		catalog.search("boot", null, 0, 20);
		catalog.search("boot", null, 0, 20);
		catalog.search("boot", null, 1, 20);

		wiremock.verify(2, getRequestedFor(urlPathEqualTo("/catalog/products")));
	}

	@Test
	void noTwoDifferentQueriesShareACacheEntry() {
		wiremock.stubFor(get(urlPathEqualTo("/catalog/products")).willReturn(okJson(page("A", "B"))));
		wiremock.stubFor(get(urlPathEqualTo("/catalog/products")).withQueryParam("q", equalTo("null"))
			.atPriority(1)
			.willReturn(okJson(page())));
		wiremock.stubFor(get(urlPathEqualTo("/catalog/products")).withQueryParam("q", equalTo("x|y"))
			.atPriority(1)
			.willReturn(okJson(page("X"))));
		CatalogClient catalog = kit("catalog.cache.ttl", "1m").catalog();

		// Given one caller searched for the text "null", and for a query with the old key's separator in it
		assertThat(catalog.search("null", null, 0, 20).items()).isEmpty();
		assertThat(catalog.search("x|y", null, 0, 20).items()).extracting(Product::sku).containsExactly("X");

		// Then no other query is answered from those entries: "null" is a query like any other, not "no filter",
		// and a separator inside a part shifts no boundary between parts
		assertThat(catalog.search(null, null, 0, 20).items()).extracting(Product::sku).containsExactly("A", "B");
		assertThat(catalog.search("x", "y|null", 0, 20).items()).extracting(Product::sku).containsExactly("A", "B");
		wiremock.verify(4, getRequestedFor(urlPathEqualTo("/catalog/products")));
	}

	@Test
	void aServiceWithoutTimeToLiveIsNeverCached() {
		wiremock.stubFor(get(urlPathEqualTo("/inventory/availability"))
			.willReturn(okJson("{\"items\":[{\"sku\":\"A\",\"status\":\"IN_STOCK\",\"quantity\":1}]}")));
		InventoryClient inventory = kit("inventory.cache.ttl", "0s").inventory();

		inventory.availability(List.of("A"));
		inventory.availability(List.of("A"));

		wiremock.verify(2, getRequestedFor(urlPathEqualTo("/inventory/availability")));
	}

	@Test
	void aBatchAnswersFromStaleEntriesWhileTheServiceIsDownButNotForSkusItNeverSaw() {
		wiremock.stubFor(get(urlPathEqualTo("/pricing/prices"))
			.willReturn(okJson("{\"prices\":[{\"sku\":\"A\",\"currency\":\"EUR\",\"amount\":\"1.00\"}]}")));
		PricingClient pricing = kit("pricing.cache.ttl", "100ms", "pricing.cache.stale-if-error", "10s",
				"pricing.retry.max-attempts", "1")
			.pricing();
		assertThat(pricing.prices(List.of("A", "B"))).containsOnlyKeys("A");

		// Given both entries expired and the service is down
		this.kit.clock.advance(Duration.ofMillis(150));
		wiremock.stubFor(get(urlPathEqualTo("/pricing/prices")).willReturn(aResponse().withStatus(503)));

		// Then the stale price of A (and the stale absence of B) answer, but a sku never seen fails the batch
		assertThat(pricing.prices(List.of("A", "B"))).containsOnlyKeys("A");
		assertThat(this.kit.count("prism.upstream.cache", "cache", "pricing", "result", "stale")).isEqualTo(2);
		assertThatThrownBy(() -> pricing.prices(List.of("A", "C"))).isInstanceOf(UpstreamUnavailableException.class);
		wiremock.verify(3, getRequestedFor(urlPathEqualTo("/pricing/prices")));
	}

	@Test
	void aStaleEntryAnswersWithoutACallWhileTheCircuitIsOpen() {
		wiremock.stubFor(get(urlPathEqualTo("/catalog/products/A")).willReturn(okJson(product("A"))));
		CatalogClient catalog = kit("catalog.cache.ttl", "100ms", "catalog.cache.stale-if-error", "10s").catalog();
		catalog.product("A");
		this.kit.clock.advance(Duration.ofMillis(150));

		this.kit.breakers.circuitBreaker("catalog").transitionToOpenState();

		assertThat(catalog.product("A").name()).isEqualTo("Name of A");
		wiremock.verify(1, getRequestedFor(urlPathEqualTo("/catalog/products/A")));
	}

	@Test
	void aStaleEntryNeverHidesAnAnswerThatTheResourceIsGone() {
		wiremock.stubFor(get(urlPathEqualTo("/catalog/products/A")).willReturn(okJson(product("A"))));
		CatalogClient catalog = kit("catalog.cache.ttl", "100ms", "catalog.cache.stale-if-error", "10s").catalog();
		catalog.product("A");
		this.kit.clock.advance(Duration.ofMillis(150));

		wiremock.stubFor(get(urlPathEqualTo("/catalog/products/A")).willReturn(aResponse().withStatus(404)));

		assertThatThrownBy(() -> catalog.product("A")).isInstanceOf(UpstreamNotFoundException.class);
		wiremock.verify(2, getRequestedFor(urlPathEqualTo("/catalog/products/A")));
	}

	@Test
	void everyCacheHasABoundedHeap() {
		UpstreamTestKit kit = kit("catalog.cache.ttl", "1m", "reviews.cache.ttl", "1m", "reviews.cache.max-entries",
				"10000", "pricing.cache.ttl", "10s", "inventory.cache.ttl", "2s");
		kit.catalog();
		kit.reviews();
		kit.pricing();
		kit.inventory();
		for (String name : List.of("catalog", "reviews", "pricing", "inventory")) {
			Cache<CacheKey, StaleIfErrorCache.Entry> cache = this.kit.caches.getCache(name, CacheKey.class,
					StaleIfErrorCache.Entry.class);
			@SuppressWarnings("unchecked")
			Eh107Configuration<CacheKey, StaleIfErrorCache.Entry> configuration = cache
				.getConfiguration(Eh107Configuration.class);
			var pool = configuration.unwrap(CacheRuntimeConfiguration.class)
				.getResourcePools()
				.getPoolForResource(ResourceType.Core.HEAP);
			assertThat(pool.getUnit()).as(name).isEqualTo(EntryUnit.ENTRIES);
			assertThat(pool.getSize()).as(name).isEqualTo(name.equals("reviews") ? 10_000L : 20_000L);
		}
	}

}
