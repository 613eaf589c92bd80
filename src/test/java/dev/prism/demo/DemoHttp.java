package dev.prism.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP/1.1 client for the demo upstreams' tests. */
final class DemoHttp {

	static final JsonMapper json = JsonMapper.builder().build();

	private static final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	private DemoHttp() {
	}

	static HttpResponse<String> get(String url) {
		return send(HttpRequest.newBuilder(URI.create(url)));
	}

	static HttpResponse<String> put(String url, String body) {
		return send(HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.ofString(body)));
	}

	static HttpResponse<String> delete(String url) {
		return send(HttpRequest.newBuilder(URI.create(url)).DELETE());
	}

	/** {@code POST /orders}, with the key as the {@code Idempotency-Key} header unless it is null. */
	static HttpResponse<String> postOrder(String baseUrl, String key, String body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/orders"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (key != null) {
			request.header("Idempotency-Key", key);
		}
		return send(request);
	}

	static JsonNode body(HttpResponse<String> response) {
		return json.readTree(response.body());
	}

	private static HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
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
