package dev.prism.demo;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;

import org.jspecify.annotations.Nullable;

import tools.jackson.databind.json.JsonMapper;

/** One call to a demo service: its method, its path below the service's name, its query, and the ways to answer. */
final class DemoExchange {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpExchange exchange;

	private final String rest;

	private final Map<String, String> query;

	/** Who the call's token acts for, once a service that checks tokens verified it; {@code null}: nobody checked. */
	private DemoTokenCheck.@Nullable Caller caller;

	DemoExchange(HttpExchange exchange, String rest) {
		this.exchange = exchange;
		this.rest = rest;
		this.query = query(exchange.getRequestURI());
	}

	void caller(DemoTokenCheck.Caller caller) {
		this.caller = caller;
	}

	/** Whether this call may see or act on {@code customer}'s data: always, when its service checks no tokens. */
	boolean actsFor(@Nullable Object customer) {
		return this.caller == null || this.caller.actsFor(customer);
	}

	String method() {
		return this.exchange.getRequestMethod();
	}

	/** The path below the service's name, e.g. {@code /products/SKU-1001}. */
	String rest() {
		return this.rest;
	}

	@Nullable String query(String name) {
		return this.query.get(name);
	}

	boolean hasQuery(String name) {
		return this.query.containsKey(name);
	}

	String header(String name) {
		return this.exchange.getRequestHeaders().getFirst(name);
	}

	void setHeader(String name, String value) {
		this.exchange.getResponseHeaders().set(name, value);
	}

	/** The request body, at most 1 MB of it. */
	byte[] body() throws IOException {
		return this.exchange.getRequestBody().readNBytes(1_000_000);
	}

	/** An integer query parameter, {@code fallback} when absent or not a number, clamped to {@code [min, max]}. */
	int intParam(String name, int fallback, int min, int max) {
		try {
			String value = this.query.get(name);
			return value == null ? fallback : Math.max(min, Math.min(max, Integer.parseInt(value)));
		}
		catch (NumberFormatException ex) {
			return fallback;
		}
	}

	/** The distinct skus of the {@code skus} parameter, at most 200. */
	List<String> skus() {
		String skus = this.query.get("skus");
		if (skus == null || skus.isBlank()) {
			return List.of();
		}
		return Arrays.stream(skus.split(",")).map(String::trim).filter(s -> !s.isEmpty()).distinct().limit(200).toList();
	}

	void json(int status, Object body) throws IOException {
		send(status, "application/json", JSON.writeValueAsBytes(body));
	}

	void problem(int status, String kind, String detail) throws IOException {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "urn:demo:problem:" + kind);
		problem.put("title", kind);
		problem.put("status", status);
		problem.put("detail", detail);
		send(status, "application/problem+json", JSON.writeValueAsBytes(problem));
	}

	void header(String name, String value) {
		this.exchange.getResponseHeaders().set(name, value);
	}

	void send(int status, @Nullable String contentType, byte @Nullable [] body) throws IOException {
		if (contentType != null) {
			this.exchange.getResponseHeaders().set("Content-Type", contentType);
		}
		if (body == null) {
			this.exchange.sendResponseHeaders(status, -1);
			return;
		}
		this.exchange.sendResponseHeaders(status, body.length);
		try (OutputStream out = this.exchange.getResponseBody()) {
			out.write(body);
		}
	}

	static String decode(String value) {
		return URLDecoder.decode(value, StandardCharsets.UTF_8);
	}

	private static Map<String, String> query(URI uri) {
		Map<String, String> query = new HashMap<>();
		String raw = uri.getRawQuery();
		if (raw == null) {
			return query;
		}
		for (String pair : raw.split("&")) {
			int eq = pair.indexOf('=');
			if (eq > 0) {
				query.putIfAbsent(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
			}
		}
		return query;
	}

	/** One demo service's handler of the calls under its name. */
	@FunctionalInterface
	interface Handler {

		void handle(DemoExchange exchange) throws IOException;

	}

	/** Signals that a fault dropped the connection on purpose: the server closes it without an answer. */
	static final class DroppedConnection extends RuntimeException {

		DroppedConnection() {
			super(null, null, false, false);
		}

	}

}
