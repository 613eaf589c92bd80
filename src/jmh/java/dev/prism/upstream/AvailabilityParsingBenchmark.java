package dev.prism.upstream;

import java.io.ByteArrayInputStream;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import tools.jackson.databind.json.JsonMapper;

import dev.prism.demo.DemoPayloads;
import dev.prism.platform.AppJsonMapper;
import dev.prism.upstream.InventoryClient.AvailabilityList;

/**
 * The inventory service's availability answer for 1 and 100 skus into {@link InventoryClient}'s records: data binding
 * with Prism's {@link JsonMapper} (what RestClient does) against a hand-written streaming parser of the same bytes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AvailabilityParsingBenchmark {

	@Param({ "1", "100" })
	int items;

	private JsonMapper mapper;

	private byte[] json;

	@Setup
	public void setUp() {
		this.mapper = AppJsonMapper.create();
		this.json = DemoPayloads.availability(this.items);
		AvailabilityList bound = (AvailabilityList) databind();
		if (bound.items().size() != this.items || !bound.equals(streaming())) {
			throw new IllegalStateException("The parsers disagree: " + bound + " / " + streaming());
		}
	}

	@Benchmark
	public Object databind() {
		return this.mapper.readValue(new ByteArrayInputStream(this.json), AvailabilityList.class);
	}

	@Benchmark
	public Object streaming() {
		return AvailabilityStreamingParser.parse(this.mapper, new ByteArrayInputStream(this.json));
	}

}
