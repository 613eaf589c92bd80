package dev.prism.partner;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import tools.jackson.databind.json.JsonMapper;

import dev.prism.demo.DemoPayloads;
import dev.prism.partner.PartnerCatalogController.AvailabilityListV1;
import dev.prism.platform.AppJsonMapper;
import dev.prism.platform.OpenRequestContext;
import dev.prism.upstream.InMemoryUpstreams;

/**
 * {@code GET /partner/api/v1/availability?skus=...} for 1 and 100 skus once the inventory answer is parsed:
 * {@link PartnerCatalogController#availability} (parsing and validating the skus, the v1 views) with the inventory
 * answering from memory, and writing the answer to JSON bytes with Prism's {@link JsonMapper}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PartnerAvailabilityBenchmark {

	@Param({ "1", "100" })
	int skus;

	private PartnerCatalogController controller;

	private JsonMapper mapper;

	private String query;

	private AvailabilityListV1 answer;

	@Setup
	public void setUp() {
		this.mapper = AppJsonMapper.create();
		PartnerProperties properties = new Binder(new MapConfigurationPropertySource()).bindOrCreate("prism.partner",
				PartnerProperties.class);
		InMemoryUpstreams upstreams = new InMemoryUpstreams(this.mapper);
		this.query = String.join(",", DemoPayloads.skus(this.skus));
		this.controller = new PartnerCatalogController(null, null,
				InMemoryUpstreams.inventory(upstreams.availability(DemoPayloads.availability(this.skus))), null,
				properties);
		this.answer = this.controller.availability(this.query).getBody();
		if (this.answer.items().size() != this.skus) {
			throw new IllegalStateException("Incomplete answer: " + this.answer);
		}
	}

	/** Within an open request context: the controller's work for one answer, the inventory answer already parsed. */
	@Benchmark
	public Object assemble(OpenRequestContext context) {
		return this.controller.availability(this.query);
	}

	/** The answer as Spring MVC writes it. */
	@Benchmark
	public byte[] write() {
		return this.mapper.writeValueAsBytes(this.answer);
	}

}
