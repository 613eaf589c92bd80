package dev.prism.demo;

import static dev.prism.demo.DemoHttp.get;
import static dev.prism.demo.DemoUpstreamsTests.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** Standalone mode: the same services, settings from {@code --name=value} arguments, long or short forms. */
class DemoUpstreamsApplicationTests {

	@Test
	void propertiesSetThePortLatencyAndFaults() {
		try (DemoUpstreams demo = DemoUpstreamsApplication.start("--server.port=0", "--prism.demo.latency=100ms",
				"--prism.demo.faults.pricing.mode=down", "--prism.demo.faults.orders.mode=lose-response-once")) {
			assertThat(demo.port()).isPositive().isNotEqualTo(9000);
			assertProblem(get(demo.baseUrl("pricing") + "/prices?skus=SKU-1001"), 503);
			long started = System.nanoTime();
			assertThat(get(demo.baseUrl("catalog") + "/products/SKU-1001").statusCode()).isEqualTo(200);
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
		}
	}

	@Test
	void shortFormsStillWork() {
		try (DemoUpstreams demo = DemoUpstreamsApplication.start("--host=127.0.0.1", "--port=0", "--fault.inventory=garbage",
				"--fault.customers=200ms", "--fault.reviews=reset")) {
			var garbage = DemoHttp.getFaulted(demo.baseUrl("inventory") + "/availability?skus=SKU-1001");
			assertThat(garbage.statusCode()).isEqualTo(200);
			assertThat(garbage.body()).doesNotStartWith("{\"items\"");
			long started = System.nanoTime();
			assertThat(get(demo.baseUrl("customers") + "/customers/c-1001").statusCode()).isEqualTo(200);
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
			assertThatThrownBy(() -> get(demo.baseUrl("reviews") + "/products/SKU-1001/reviews"))
				.isInstanceOf(java.io.UncheckedIOException.class);
		}
	}

	@Test
	void mistakesFailFast() {
		assertThatThrownBy(() -> DemoUpstreamsApplication.start("port=0")).hasMessageContaining("--server.port");
		assertThatThrownBy(() -> DemoUpstreamsApplication.start("--port=0", "--prism.demo.faults.shipping.mode=down"))
			.rootCause()
			.hasMessageContaining("shipping");
		assertThatThrownBy(() -> DemoUpstreamsApplication.start("--port=0", "--prism.demo.faults.pricing.mode=on-fire"))
			.hasMessageContaining("prism.demo.faults");
	}

}
