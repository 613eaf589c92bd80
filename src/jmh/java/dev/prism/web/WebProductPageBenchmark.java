package dev.prism.web;

import java.util.ArrayList;
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
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;

import tools.jackson.databind.json.JsonMapper;

import dev.prism.demo.DemoPayloads;
import dev.prism.platform.AppJsonMapper;
import dev.prism.platform.OpenRequestContext;
import dev.prism.upstream.InMemoryUpstreams;
import dev.prism.web.WebViews.ProductPage;

/**
 * The browser's product page ({@code SKU-1001}, anonymous, 4 recommendations) once its upstream answers are parsed:
 * {@link WebProductController#product} with its clients answering from memory on the calling thread (both waves,
 * views, degradation, response entity), and writing the page to JSON bytes with Prism's {@link JsonMapper}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class WebProductPageBenchmark {

	private static final String SKU = "SKU-1001";

	private WebProductController controller;

	private JsonMapper mapper;

	private ProductPage page;

	@Setup
	public void setUp() {
		this.mapper = AppJsonMapper.create();
		WebProperties properties = new Binder(new MapConfigurationPropertySource()).bindOrCreate("prism.web",
				WebProperties.class);
		InMemoryUpstreams upstreams = new InMemoryUpstreams(this.mapper);
		List<String> recommended = upstreams
			.recommendations(DemoPayloads.recommendations(SKU, properties.recommendations()));
		List<String> skus = new ArrayList<>(List.of(SKU));
		skus.addAll(recommended);
		this.controller = new WebProductController(InMemoryUpstreams.catalog(upstreams.products(DemoPayloads.products(skus))),
				InMemoryUpstreams.pricing(upstreams.prices(DemoPayloads.prices(skus))),
				InMemoryUpstreams.inventory(upstreams.availability(DemoPayloads.availability(skus))),
				InMemoryUpstreams.reviews(upstreams.reviews(DemoPayloads.reviews(SKU, 3))),
				InMemoryUpstreams.recommendations(recommended), InMemoryUpstreams.sameThreadFanOut(), properties,
				new WebLogin(properties, new HttpSessionCsrfTokenRepository(),
						new dev.prism.platform.security.AttemptThrottles(java.time.Clock.systemUTC())));
		this.page = this.controller.product(SKU, null).getBody();
		if (!this.page.degraded().isEmpty() || this.page.recommendations().size() != recommended.size()) {
			throw new IllegalStateException("Incomplete page: " + this.page);
		}
	}

	/** Within an open request context: the controller's work for one page, upstream answers already parsed. */
	@Benchmark
	public Object assemble(OpenRequestContext context) {
		return this.controller.product(SKU, null);
	}

	/** The page as Spring MVC writes it. */
	@Benchmark
	public byte[] write() {
		return this.mapper.writeValueAsBytes(this.page);
	}

}
