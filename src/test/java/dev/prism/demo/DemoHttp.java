package dev.prism.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.prism.testing.ContractValidation;

/**
 * A plain HTTP/1.1 client for the demo upstreams' tests. Every answer of a service is held to the upstream contract,
 * {@code openapi/upstreams.yaml} ({@link ContractValidation#validatingUpstreams}): one that breaks it fails the test.
 * The only exemption is {@link #getFaulted}, for the answers a fault makes off the contract on purpose.
 */
final class DemoHttp {

	static final JsonMapper json = JsonMapper.builder().build();

	/** The bare client: only {@link #getFaulted} uses it without validation. */
	private static final HttpClient unvalidated = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	private static final HttpClient http = ContractValidation.validatingUpstreams(unvalidated);

	private DemoHttp() {
	}

	static HttpResponse<String> get(String url) {
		return send(http, HttpRequest.newBuilder(URI.create(url)));
	}

	/**
	 * A GET whose answer an injected fault ({@code garbage}: a 200 whose body is not JSON) puts off the contract on
	 * purpose: not held to it, but required to break it, so that no on-contract answer hides here.
	 */
	static HttpResponse<String> getFaulted(String url) {
		HttpResponse<String> response = send(unvalidated, HttpRequest.newBuilder(URI.create(url)));
		assertThat(ContractValidation.upstreamViolations("GET", response.uri(), response.statusCode(),
				response.headers().map(), response.body().getBytes(StandardCharsets.UTF_8)))
			.as("the answer of a faulted service, off the contract on purpose; use get() for an answer on it")
			.isNotEmpty();
		return response;
	}

	static HttpResponse<String> put(String url, String body) {
		return send(http, HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.ofString(body)));
	}

	static HttpResponse<String> delete(String url) {
		return send(http, HttpRequest.newBuilder(URI.create(url)).DELETE());
	}

	/** {@code POST /orders}, with the key as the {@code Idempotency-Key} header unless it is null. */
	static HttpResponse<String> postOrder(String baseUrl, String key, String body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/orders"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (key != null) {
			request.header("Idempotency-Key", key);
		}
		return send(http, request);
	}

	static JsonNode body(HttpResponse<String> response) {
		return json.readTree(response.body());
	}

	private static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request) {
		try {
			return client.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
