package dev.prism;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.github.tomakehurst.wiremock.WireMockServer;

import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.prism.testing.ContractValidation;
import dev.prism.testing.HeldResponses;

/** Shutting down finishes the requests in flight — an order being placed is not lost — and refuses new ones. */
class GracefulShutdownTests {

	@Test
	void anOrderInFlightCompletesAndNewRequestsAreRefused() throws Exception {
		HeldResponses held = new HeldResponses();
		WireMockServer orders = new WireMockServer(options().dynamicPort().extensions(held));
		orders.start();
		try {
			// The orders service holds its answer until the test lets it go; no deadline or timeout ends it first.
			orders.stubFor(post(urlPathEqualTo("/orders/orders")).willReturn(aResponse().withStatus(201)
				.withTransformers(HeldResponses.NAME)
				.withHeader("Content-Type", "application/json")
				.withBody("{\"id\":\"o-1\",\"customerId\":\"c-1001\",\"status\":\"PLACED\",\"lines\":[]}")));
			List<String> args = new ArrayList<>(List.of("--server.port=0", "--prism.demo.upstreams.enabled=false",
					"--prism.demo.identity-provider.enabled=false",
					"--spring.lifecycle.timeout-per-shutdown-phase=1m", "--prism.partner.deadline=1m",
					"--prism.upstreams.orders.read-timeout=1m"));
			for (String service : List.of("catalog", "pricing", "inventory", "reviews", "recommendations", "customers",
					"orders")) {
				args.add("--prism.upstreams." + service + ".base-url=" + orders.baseUrl() + "/" + service);
			}
			ConfigurableApplicationContext prism = new SpringApplicationBuilder(PrismApplication.class)
				.run(args.toArray(String[]::new));
			String base = "http://127.0.0.1:" + prism.getEnvironment().getProperty("local.server.port");
			HttpClient http = ContractValidation.validating(HttpClient.newHttpClient());

			// Given an order in flight: the orders service has it and holds the answer
			CompletableFuture<HttpResponse<String>> inFlight = http.sendAsync(
					HttpRequest.newBuilder(URI.create(base + "/partner/api/v1/orders"))
						.header("X-Api-Key", "acme-demo-key")
						.header("Idempotency-Key", "during-shutdown")
						.header("Content-Type", "application/json")
						.timeout(Duration.ofMinutes(1))
						.POST(HttpRequest.BodyPublishers.ofString("{\"lines\":[{\"sku\":\"SKU-1001\",\"quantity\":1}]}"))
						.build(),
					HttpResponse.BodyHandlers.ofString());
			held.awaitArrivals(1);
			assertThat(health(base, Duration.ofSeconds(10))).isEqualTo(200);

			// When the instance shuts down
			CompletableFuture<Void> closing = CompletableFuture.runAsync(prism::close);

			// Then new requests are refused while the order is still in flight (and the shutdown waits for it)
			assertThat(refusedWithin(base, Duration.ofSeconds(20))).isTrue();
			assertThat(inFlight).isNotDone();
			assertThat(closing).isNotDone();

			// And the order in flight completes once the service answers
			held.release();
			HttpResponse<String> placed = inFlight.get();
			assertThat(placed.statusCode()).isEqualTo(201);
			assertThat(placed.body()).contains("\"id\":\"o-1\"");
			closing.get();
			orders.verify(1, postRequestedFor(urlPathEqualTo("/orders/orders")));
		}
		finally {
			held.release();
			orders.stop();
		}
	}

	/** Asks for the health of the instance until it is refused (503, or no connection), for {@code patience} at most. */
	private static boolean refusedWithin(String base, Duration patience) throws InterruptedException {
		long until = System.nanoTime() + patience.toNanos();
		while (System.nanoTime() < until) {
			int status = health(base, Duration.ofSeconds(3));
			if (status == 503 || status == -1) {
				return true;
			}
			Thread.sleep(50);
		}
		return false;
	}

	/** The status of a new request for the instance's health, -1 without an answer within {@code timeout}. */
	private static int health(String base, Duration timeout) throws InterruptedException {
		try {
			return ContractValidation.validating(HttpClient.newHttpClient())
				.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health")).timeout(timeout).build(),
						HttpResponse.BodyHandlers.discarding())
				.statusCode();
		}
		catch (java.io.IOException ex) {
			return -1;
		}
	}

}
