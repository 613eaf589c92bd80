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

/** Shutting down finishes the requests in flight — an order being placed is not lost — and refuses new ones. */
class GracefulShutdownTests {

	@Test
	void anOrderInFlightCompletesAndNewRequestsAreRefused() throws Exception {
		WireMockServer orders = new WireMockServer(options().dynamicPort());
		orders.start();
		try {
			orders.stubFor(post(urlPathEqualTo("/orders/orders")).willReturn(aResponse().withStatus(201)
				.withFixedDelay(1_500)
				.withHeader("Content-Type", "application/json")
				.withBody("{\"id\":\"o-1\",\"customerId\":\"c-1001\",\"status\":\"PLACED\",\"lines\":[]}")));
			List<String> args = new ArrayList<>(List.of("--server.port=0", "--prism.demo.upstreams.enabled=false",
					"--spring.lifecycle.timeout-per-shutdown-phase=10s"));
			for (String service : List.of("catalog", "pricing", "inventory", "reviews", "recommendations", "customers",
					"orders")) {
				args.add("--prism.upstreams." + service + ".base-url=" + orders.baseUrl() + "/" + service);
			}
			ConfigurableApplicationContext prism = new SpringApplicationBuilder(PrismApplication.class)
				.run(args.toArray(String[]::new));
			String base = "http://127.0.0.1:" + prism.getEnvironment().getProperty("local.server.port");
			HttpClient http = ContractValidation.validating(HttpClient.newHttpClient());

			// Given an order in flight
			CompletableFuture<HttpResponse<String>> inFlight = http.sendAsync(
					HttpRequest.newBuilder(URI.create(base + "/partner/api/v1/orders"))
						.header("X-Api-Key", "acme-demo-key")
						.header("Idempotency-Key", "during-shutdown")
						.header("Content-Type", "application/json")
						.timeout(Duration.ofSeconds(20))
						.POST(HttpRequest.BodyPublishers.ofString("{\"lines\":[{\"sku\":\"SKU-1001\",\"quantity\":1}]}"))
						.build(),
					HttpResponse.BodyHandlers.ofString());
			Thread.sleep(500);

			// When the instance shuts down
			CompletableFuture<Void> closing = CompletableFuture.runAsync(prism::close);
			Thread.sleep(300);

			// Then new requests are refused
			boolean refused;
			try {
				HttpResponse<String> late = ContractValidation.validating(HttpClient.newHttpClient())
					.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health")).timeout(Duration.ofSeconds(3))
						.build(), HttpResponse.BodyHandlers.ofString());
				refused = late.statusCode() == 503;
			}
			catch (java.io.IOException ex) {
				refused = true;
			}
			assertThat(refused).isTrue();

			// And the order in flight completes
			HttpResponse<String> placed = inFlight.get();
			assertThat(placed.statusCode()).isEqualTo(201);
			assertThat(placed.body()).contains("\"id\":\"o-1\"");
			closing.get();
			orders.verify(1, postRequestedFor(urlPathEqualTo("/orders/orders")));
		}
		finally {
			orders.stop();
		}
	}

}
