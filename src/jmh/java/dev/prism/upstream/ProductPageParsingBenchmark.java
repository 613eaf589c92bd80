package dev.prism.upstream;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import tools.jackson.databind.json.JsonMapper;

import dev.prism.demo.DemoPayloads;
import dev.prism.platform.AppJsonMapper;

/**
 * Every upstream answer behind one web product page ({@code SKU-1001}, anonymous) bound to Prism's records with
 * Prism's {@link JsonMapper}: wave 1 (product, price, stock, 3 reviews, 4 recommendations) and wave 2 (the 4
 * recommended products, their prices and stock) — the whole JSON reading of one page, 8 answers
 * (returned in one array, 48 bytes of the figure).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ProductPageParsingBenchmark {

	private static final String SKU = "SKU-1001";

	private JsonMapper mapper;

	private byte[] product;

	private byte[] price;

	private byte[] stock;

	private byte[] reviews;

	private byte[] recommendations;

	private byte[] recommendedProducts;

	private byte[] recommendedPrices;

	private byte[] recommendedStock;

	@Setup
	public void setUp() {
		this.mapper = AppJsonMapper.create();
		this.product = DemoPayloads.product(SKU);
		this.price = DemoPayloads.prices(List.of(SKU));
		this.stock = DemoPayloads.availability(List.of(SKU));
		this.reviews = DemoPayloads.reviews(SKU, 3);
		this.recommendations = DemoPayloads.recommendations(SKU, 4);
		List<String> recommended = this.mapper
			.readValue(this.recommendations, RecommendationsClient.Recommendations.class)
			.skus();
		this.recommendedProducts = DemoPayloads.products(recommended);
		this.recommendedPrices = DemoPayloads.prices(recommended);
		this.recommendedStock = DemoPayloads.availability(recommended);
		List<Object> parsed = List.of(webPage());
		if (recommended.size() != 4 || parsed.size() != 8) {
			throw new IllegalStateException("Unexpected payloads: " + parsed);
		}
	}

	@Benchmark
	public Object[] webPage() {
		return new Object[] { read(this.product, Product.class), read(this.price, PricingClient.PriceList.class),
				read(this.stock, InventoryClient.AvailabilityList.class), read(this.reviews, ProductReviews.class),
				read(this.recommendations, RecommendationsClient.Recommendations.class),
				read(this.recommendedProducts, ProductPage.class),
				read(this.recommendedPrices, PricingClient.PriceList.class),
				read(this.recommendedStock, InventoryClient.AvailabilityList.class) };
	}

	private <T> T read(byte[] json, Class<T> type) {
		return this.mapper.readValue(new ByteArrayInputStream(json), type);
	}

}
