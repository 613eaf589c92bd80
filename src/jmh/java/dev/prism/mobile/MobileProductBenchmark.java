package dev.prism.mobile;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import tools.jackson.databind.json.JsonMapper;

import dev.prism.demo.DemoPayloads;
import dev.prism.mobile.MobileViews.ProductDetail;
import dev.prism.platform.AppJsonMapper;
import dev.prism.platform.OpenRequestContext;
import dev.prism.upstream.InMemoryUpstreams;

/**
 * The app's product screen ({@code SKU-1001}) once its four upstream answers are parsed:
 * {@link MobileProductController#product} with its clients answering from memory on the calling thread, and writing
 * the compact answer to JSON bytes with Prism's {@link JsonMapper}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MobileProductBenchmark {

	private static final String SKU = "SKU-1001";

	private MobileProductController controller;

	private JsonMapper mapper;

	private ProductDetail detail;

	@Setup
	public void setUp() {
		this.mapper = AppJsonMapper.create();
		MobileProperties properties = new Binder(new MapConfigurationPropertySource()).bindOrCreate("prism.mobile",
				MobileProperties.class);
		InMemoryUpstreams upstreams = new InMemoryUpstreams(this.mapper);
		List<String> skus = List.of(SKU);
		this.controller = new MobileProductController(
				InMemoryUpstreams.catalog(upstreams.products(DemoPayloads.products(skus))),
				InMemoryUpstreams.pricing(upstreams.prices(DemoPayloads.prices(skus))),
				InMemoryUpstreams.inventory(upstreams.availability(DemoPayloads.availability(skus))),
				InMemoryUpstreams.reviews(upstreams.reviews(DemoPayloads.reviews(SKU, 0))),
				InMemoryUpstreams.sameThreadFanOut(), properties);
		this.detail = this.controller.product(SKU, null).getBody();
		if (this.detail.degraded() != null || this.detail.price() == null) {
			throw new IllegalStateException("Incomplete answer: " + this.detail);
		}
	}

	/** Within an open request context: the controller's work for one answer, upstream answers already parsed. */
	@Benchmark
	public Object assemble(OpenRequestContext context) {
		return this.controller.product(SKU, null);
	}

	/** The answer as Spring MVC writes it. */
	@Benchmark
	public byte[] write() {
		return this.mapper.writeValueAsBytes(this.detail);
	}

}
