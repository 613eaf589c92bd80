package dev.prism.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.task.SimpleAsyncTaskExecutor;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The seven stand-in domain services of DESIGN.md section 2 on one small HTTP server of their own, each under its
 * name ({@code /catalog/products/SKU-1001}, {@code /pricing/prices?skus=...}), plus an admin API for fault drills
 * ({@code /__admin/faults}, {@code /__admin/stats}). See ADR 0001 for why this is a plain JDK server.
 */
public final class DemoUpstreams implements AutoCloseable {

	/** The service names, in contract order. */
	public static final List<String> SERVICES = List.of("catalog", "pricing", "inventory", "reviews",
			"recommendations", "customers", "orders");

	private static final Logger log = LoggerFactory.getLogger(DemoUpstreams.class);

	private static final Pattern PRODUCT = Pattern.compile("/products/([^/]+)");

	private static final Pattern PRODUCT_REVIEWS = Pattern.compile("/products/([^/]+)/reviews");

	private static final Pattern CUSTOMER = Pattern.compile("/customers/([^/]+)");

	private static final Pattern CUSTOMER_ORDERS = Pattern.compile("/customers/([^/]+)/orders");

	private static final Pattern ORDER = Pattern.compile("/orders/([^/]+)");

	private static final Pattern ADMIN_FAULT = Pattern.compile("/__admin/faults/([a-z]+)");

	private final HttpServer server;

	private final Executor executor;

	private final DemoCatalog catalog = new DemoCatalog();

	private final DemoOrders orders = new DemoOrders(this.catalog);

	private final DemoFaults faults = new DemoFaults();

	private final Duration latency;

	private final JsonMapper json = JsonMapper.builder().build();

	static {
		// Read once by the JDK server, before its first start in this JVM. It closes keep-alive connections beyond
		// 200 idle ones, which under fan-out load turns into stale-connection errors on the client's pooled
		// connections; and it writes the status line and the body in separate packets, so without TCP_NODELAY
		// Nagle's algorithm meets the client's delayed ACK and a small answer waits ~40 ms. A stand-in should not
		// add such noise.
		System.setProperty("sun.net.httpserver.maxIdleConnections",
				System.getProperty("sun.net.httpserver.maxIdleConnections", "4096"));
		System.setProperty("sun.net.httpserver.idleInterval",
				System.getProperty("sun.net.httpserver.idleInterval", "120"));
		System.setProperty("sun.net.httpserver.nodelay", System.getProperty("sun.net.httpserver.nodelay", "true"));
	}

	private DemoUpstreams(String host, int port, Duration latency) throws IOException {
		this.latency = latency;
		this.server = HttpServer.create(new InetSocketAddress(host, port), 512);
		this.executor = executor();
		this.server.setExecutor(this.executor);
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	/**
	 * Each call sleeps its latency on a thread of its own: a virtual thread on Java 21+, so hundreds of calls in flight
	 * (a benchmark's fan-out at 64 connections keeps ~250) cost neither hundreds of platform threads nor their context
	 * switches (-22 % CPU per call at 256 connections, bench/README.md); a cached pool of daemon threads on Java 17.
	 */
	private static Executor executor() {
		if (Runtime.version().feature() >= 21) {
			SimpleAsyncTaskExecutor virtual = new SimpleAsyncTaskExecutor("demo-upstream-");
			virtual.setVirtualThreads(true);
			virtual.setCancelRemainingTasksOnClose(true);
			return virtual;
		}
		return Executors.newCachedThreadPool(runnable -> {
			Thread thread = new Thread(runnable, "demo-upstream");
			thread.setDaemon(true);
			return thread;
		});
	}

	/** Starts the demo upstreams on {@code host:port} (port 0 picks a free one) with a fixed latency per call. */
	public static DemoUpstreams start(String host, int port, Duration latency) {
		try {
			return new DemoUpstreams(host, port, latency);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start the demo upstreams on " + host + ":" + port, ex);
		}
	}

	/** Starts the demo upstreams on a free loopback port without added latency. */
	public static DemoUpstreams start() {
		return start("127.0.0.1", 0, Duration.ZERO);
	}

	/** Starts the demo upstreams with the latency and the initial faults of {@code prism.demo.*}. */
	static DemoUpstreams start(String host, int port, DemoProperties properties) {
		DemoUpstreams upstreams = start(host, port, properties.latency());
		properties.faults().forEach(upstreams::fault);
		return upstreams;
	}

	public int port() {
		return this.server.getAddress().getPort();
	}

	/** The base URL of one service, e.g. {@code http://127.0.0.1:9000/catalog}. */
	public String baseUrl(String service) {
		return "http://127.0.0.1:" + port() + "/" + service;
	}

	/** How many orders {@code POST /orders} created. */
	public int ordersCreated() {
		return this.orders.created();
	}

	public DemoCatalog catalog() {
		return this.catalog;
	}

	/** Sets one service's fault until it is replaced or cleared. */
	public void fault(String service, DemoFaults.Fault fault) {
		if (!SERVICES.contains(service)) {
			throw new IllegalArgumentException("Unknown service " + service + "; known: " + SERVICES);
		}
		this.faults.set(service, fault);
	}

	/** Removes every fault; the fixed latency stays. */
	public void clearFaults() {
		this.faults.clear();
	}

	@Override
	public void close() {
		this.server.stop(0);
		if (this.executor instanceof SimpleAsyncTaskExecutor virtual) {
			virtual.close();
		}
		else {
			((ExecutorService) this.executor).shutdownNow();
		}
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			try {
				route(exchange);
			}
			catch (DroppedConnection ex) {
				// Closing the exchange without having sent a status line makes the server drop the connection.
			}
			catch (RuntimeException ex) {
				log.warn("Demo upstream failed", ex);
				problem(exchange, 500, "internal-error", "The demo service failed.");
			}
		}
	}

	private void route(HttpExchange exchange) throws IOException {
		String path = exchange.getRequestURI().getRawPath();
		if (path.startsWith("/__admin/")) {
			admin(exchange, path);
			return;
		}
		int slash = path.indexOf('/', 1);
		String service = slash < 0 ? path.substring(1) : path.substring(1, slash);
		String rest = slash < 0 ? "/" : path.substring(slash);
		if (!SERVICES.contains(service)) {
			problem(exchange, 404, "not-found", "No such service.");
			return;
		}
		if (!applyFaults(exchange, service)) {
			return;
		}
		Map<String, String> query = query(exchange.getRequestURI());
		String method = exchange.getRequestMethod();
		switch (service) {
			case "catalog" -> catalog(exchange, method, rest, query);
			case "pricing" -> batch(exchange, method, rest, "/prices", "prices", query, this.catalog::price);
			case "inventory" -> batch(exchange, method, rest, "/availability", "items", query, this.catalog::stock);
			case "reviews" -> reviews(exchange, method, rest, query);
			case "recommendations" -> recommendations(exchange, method, rest, query);
			case "customers" -> customers(exchange, method, rest);
			default -> orders(exchange, method, rest, query);
		}
	}

	/** Applies latency and faults; answers false when the fault already answered (or dropped) the call. */
	private boolean applyFaults(HttpExchange exchange, String service) throws IOException {
		DemoFaults.Fault fault = this.faults.of(service);
		sleep(this.latency.plus(fault.delay()));
		if (fault.mode() == DemoFaults.Mode.RESET) {
			// Close the connection without an answer: the client sees a reset / premature end of stream.
			throw new DroppedConnection();
		}
		boolean flaky = (fault.mode() == DemoFaults.Mode.OK || fault.mode() == DemoFaults.Mode.SLOW)
				&& fault.errorRate() > 0 && ThreadLocalRandom.current().nextDouble() < fault.errorRate();
		if (fault.mode() == DemoFaults.Mode.DOWN || flaky) {
			problem(exchange, 503, "unavailable", "The " + service + " service is down (injected fault).");
			return false;
		}
		if (fault.mode() == DemoFaults.Mode.GARBAGE) {
			send(exchange, 200, "application/json", "{\"this is\": not json <html>".getBytes(StandardCharsets.UTF_8));
			return false;
		}
		return true;
	}

	private void catalog(HttpExchange exchange, String method, String rest, Map<String, String> query)
			throws IOException {
		Matcher product = PRODUCT.matcher(rest);
		if (!method.equals("GET")) {
			problem(exchange, 405, "method-not-allowed", "Only GET.");
		}
		else if (rest.equals("/products") && query.containsKey("skus")) {
			List<Map<String, Object>> items = skus(query).stream().map(this.catalog::product).filter(p -> p != null).toList();
			json(exchange, 200, page(items, 0, Math.max(1, items.size()), items.size()));
		}
		else if (rest.equals("/products")) {
			int page = intParam(query, "page", 0, 0, 10_000);
			int size = intParam(query, "size", 20, 1, 100);
			List<Map<String, Object>> all = this.catalog.search(query.get("q"), query.get("category"));
			int from = Math.min(all.size(), page * size);
			json(exchange, 200, page(all.subList(from, Math.min(all.size(), from + size)), page, size, all.size()));
		}
		else if (product.matches()) {
			Map<String, Object> found = this.catalog.product(decode(product.group(1)));
			if (found == null) {
				problem(exchange, 404, "not-found", "No product with this sku.");
			}
			else {
				json(exchange, 200, found);
			}
		}
		else {
			problem(exchange, 404, "not-found", "No such resource.");
		}
	}

	private void batch(HttpExchange exchange, String method, String rest, String path, String listName,
			Map<String, String> query, java.util.function.Function<String, Map<String, Object>> lookup)
			throws IOException {
		if (!method.equals("GET") || !rest.equals(path)) {
			problem(exchange, 404, "not-found", "No such resource.");
			return;
		}
		List<Map<String, Object>> items = skus(query).stream().map(lookup).filter(item -> item != null).toList();
		json(exchange, 200, Map.of(listName, items));
	}

	private void reviews(HttpExchange exchange, String method, String rest, Map<String, String> query)
			throws IOException {
		Matcher matcher = PRODUCT_REVIEWS.matcher(rest);
		if (!method.equals("GET") || !matcher.matches()) {
			problem(exchange, 404, "not-found", "No such resource.");
			return;
		}
		String sku = decode(matcher.group(1));
		Map<String, Object> reviews = this.catalog.reviews(sku);
		if (reviews == null) {
			problem(exchange, 404, "not-found", "No product with this sku.");
			return;
		}
		int limit = intParam(query, "limit", 3, 0, 20);
		@SuppressWarnings("unchecked")
		List<Object> items = (List<Object>) reviews.get("items");
		Map<String, Object> answer = new LinkedHashMap<>(reviews);
		answer.put("items", items.subList(0, Math.min(limit, items.size())));
		json(exchange, 200, answer);
	}

	private void recommendations(HttpExchange exchange, String method, String rest, Map<String, String> query)
			throws IOException {
		if (!method.equals("GET") || !rest.equals("/recommendations") || query.get("sku") == null) {
			problem(exchange, 400, "invalid-request", "GET /recommendations?sku= is required.");
			return;
		}
		int limit = intParam(query, "limit", 4, 0, 20);
		json(exchange, 200,
				Map.of("skus", this.catalog.recommendations(query.get("sku"), query.get("customerId"), limit)));
	}

	private void customers(HttpExchange exchange, String method, String rest) throws IOException {
		Matcher matcher = CUSTOMER.matcher(rest);
		Map<String, Object> customer = method.equals("GET") && matcher.matches()
				? this.catalog.customer(decode(matcher.group(1))) : null;
		if (customer == null) {
			problem(exchange, 404, "not-found", "No such customer.");
		}
		else {
			json(exchange, 200, customer);
		}
	}

	private void orders(HttpExchange exchange, String method, String rest, Map<String, String> query)
			throws IOException {
		Matcher customerOrders = CUSTOMER_ORDERS.matcher(rest);
		Matcher order = ORDER.matcher(rest);
		if (method.equals("GET") && customerOrders.matches()) {
			json(exchange, 200, Map.of("items",
					this.orders.ordersOf(decode(customerOrders.group(1)), intParam(query, "limit", 10, 1, 100))));
		}
		else if (method.equals("GET") && order.matches()) {
			Map<String, Object> found = this.orders.order(decode(order.group(1)));
			if (found == null) {
				problem(exchange, 404, "not-found", "No such order.");
			}
			else {
				json(exchange, 200, found);
			}
		}
		else if (method.equals("POST") && rest.equals("/orders")) {
			placeOrder(exchange);
		}
		else {
			problem(exchange, 404, "not-found", "No such resource.");
		}
	}

	private void placeOrder(HttpExchange exchange) throws IOException {
		String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
		if (key == null || key.isBlank() || key.length() > 200) {
			problem(exchange, 400, "idempotency-key-required", "POST /orders requires an Idempotency-Key header.");
			return;
		}
		Object body;
		try {
			body = this.json.readValue(readBody(exchange.getRequestBody()), Object.class);
		}
		catch (JacksonException ex) {
			body = null;
		}
		if (!(body instanceof Map<?, ?> request)) {
			problem(exchange, 400, "invalid-request", "The body is not a JSON object.");
			return;
		}
		try {
			DemoOrders.Placed placed = this.orders.place(key, request);
			DemoFaults.Fault fault = this.faults.of("orders");
			if (fault.mode() == DemoFaults.Mode.LOSE_RESPONSE_ONCE) {
				// The order is committed; the answer is lost on the way back.
				this.faults.set("orders", DemoFaults.Fault.NONE);
				throw new DroppedConnection();
			}
			if (fault.mode() == DemoFaults.Mode.LOSE_RESPONSE
					&& ThreadLocalRandom.current().nextDouble() < fault.errorRate()) {
				throw new DroppedConnection();
			}
			if (placed.replayed()) {
				exchange.getResponseHeaders().set("Idempotent-Replayed", "true");
			}
			json(exchange, 201, placed.order());
		}
		catch (DemoOrders.Rejected ex) {
			problem(exchange, ex.status, "rejected", ex.getMessage());
		}
	}

	private void admin(HttpExchange exchange, String path) throws IOException {
		Matcher fault = ADMIN_FAULT.matcher(path);
		String method = exchange.getRequestMethod();
		if (method.equals("GET") && path.equals("/__admin/stats")) {
			json(exchange, 200, Map.of("ordersCreated", this.orders.created(), "products", this.catalog.skus().size()));
		}
		else if (method.equals("GET") && path.equals("/__admin/faults")) {
			Map<String, Object> faults = new LinkedHashMap<>();
			this.faults.all()
				.forEach((service, set) -> faults.put(service, Map.of("mode", set.mode().name().toLowerCase(Locale.ROOT),
						"latency", set.delay().toMillis() + "ms", "errorRate", set.errorRate())));
			json(exchange, 200, faults);
		}
		else if (method.equals("DELETE") && path.equals("/__admin/faults")) {
			this.faults.clear();
			send(exchange, 204, null, null);
		}
		else if (method.equals("PUT") && fault.matches() && SERVICES.contains(fault.group(1))) {
			try {
				this.faults.set(fault.group(1), fault(this.json.readValue(readBody(exchange.getRequestBody()), Map.class)));
				send(exchange, 204, null, null);
			}
			catch (JacksonException | IllegalArgumentException ex) {
				problem(exchange, 400, "invalid-request", "Body: {\"mode\":\"ok|down|slow|garbage|reset|lose_response_once|"
						+ "lose_response\",\"latency\":\"200ms\" (or \"latencyMs\":200),\"errorRate\":0.0}");
			}
		}
		else {
			problem(exchange, 404, "not-found", "Admin: GET /__admin/stats, GET /__admin/faults, "
					+ "PUT /__admin/faults/{service}, DELETE /__admin/faults.");
		}
	}

	/** A fault from the admin API's JSON: {@code mode}, {@code latency} ("200ms") or {@code latencyMs}, {@code errorRate}. */
	private static DemoFaults.Fault fault(Map<?, ?> settings) {
		Object mode = settings.get("mode");
		Object latency = settings.get("latency");
		Object latencyMs = settings.get("latencyMs");
		Object errorRate = settings.get("errorRate");
		return new DemoFaults.Fault(mode == null ? DemoFaults.Mode.OK : DemoFaults.Mode.parse(mode.toString()),
				latency != null ? DurationStyle.detectAndParse(latency.toString())
						: Duration.ofMillis(latencyMs instanceof Number n ? n.longValue() : 0),
				errorRate instanceof Number n ? n.doubleValue() : 0);
	}

	private static Map<String, Object> page(List<Map<String, Object>> items, int page, int size, int total) {
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("items", items);
		answer.put("page", page);
		answer.put("size", size);
		answer.put("total", total);
		return answer;
	}

	private static List<String> skus(Map<String, String> query) {
		String skus = query.get("skus");
		if (skus == null || skus.isBlank()) {
			return List.of();
		}
		return Arrays.stream(skus.split(",")).map(String::trim).filter(s -> !s.isEmpty()).distinct().limit(200).toList();
	}

	private static int intParam(Map<String, String> query, String name, int fallback, int min, int max) {
		try {
			String value = query.get(name);
			return value == null ? fallback : Math.max(min, Math.min(max, Integer.parseInt(value)));
		}
		catch (NumberFormatException ex) {
			return fallback;
		}
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

	private static String decode(String value) {
		return URLDecoder.decode(value, StandardCharsets.UTF_8);
	}

	private void json(HttpExchange exchange, int status, Object body) throws IOException {
		send(exchange, status, "application/json", this.json.writeValueAsBytes(body));
	}

	private void problem(HttpExchange exchange, int status, String kind, String detail) throws IOException {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "urn:demo:problem:" + kind);
		problem.put("title", kind);
		problem.put("status", status);
		problem.put("detail", detail);
		send(exchange, status, "application/problem+json", this.json.writeValueAsBytes(problem));
	}

	private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
		if (contentType != null) {
			exchange.getResponseHeaders().set("Content-Type", contentType);
		}
		if (body == null) {
			exchange.sendResponseHeaders(status, -1);
			return;
		}
		exchange.sendResponseHeaders(status, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	private static byte[] readBody(InputStream in) throws IOException {
		return in.readNBytes(1_000_000);
	}

	private static void sleep(Duration duration) {
		if (duration.isZero() || duration.isNegative()) {
			return;
		}
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Signals that a fault dropped the connection on purpose. */
	private static final class DroppedConnection extends RuntimeException {

		DroppedConnection() {
			super(null, null, false, false);
		}

	}

}
