package dev.prism.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Holds each request a {@code RestClient} sends to an upstream, and the answer it gets, to
 * {@code openapi/upstreams.yaml} ({@link ContractValidation#upstreamRequests()}): a request that breaks the contract
 * fails the test before it is sent, an answer that breaks it before the client reads it. The answer is buffered.
 */
final class ContractValidationInterceptor implements ClientHttpRequestInterceptor {

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		String method = request.getMethod().name();
		ContractValidation.checkUpstreamRequest(method, request.getURI(), map(request.getHeaders()), body);
		ClientHttpResponse response = execution.execute(request, body);
		byte[] answer;
		try (InputStream in = response.getBody()) {
			answer = in.readAllBytes();
		}
		ContractValidation.checkUpstream(method, request.getURI(), response.getStatusCode().value(),
				map(response.getHeaders()), answer);
		return new Buffered(response, answer);
	}

	private static Map<String, List<String>> map(HttpHeaders headers) {
		Map<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		headers.forEach((name, values) -> map.put(name, List.copyOf(values)));
		return map;
	}

	/** The answer with its body read once, for the validation, and again by the client. */
	private record Buffered(ClientHttpResponse response, byte[] body) implements ClientHttpResponse {

		@Override
		public HttpStatusCode getStatusCode() throws IOException {
			return this.response.getStatusCode();
		}

		@Override
		public String getStatusText() throws IOException {
			return this.response.getStatusText();
		}

		@Override
		public HttpHeaders getHeaders() {
			return this.response.getHeaders();
		}

		@Override
		public InputStream getBody() {
			return new ByteArrayInputStream(this.body);
		}

		@Override
		public void close() {
			this.response.close();
		}

	}

}
