package dev.prism.demo;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.task.SimpleAsyncTaskExecutor;

/**
 * The seven stand-in domain services of {@code openapi/upstreams.yaml} on one small HTTP server of their own, each
 * under its name ({@code /catalog/products/SKU-1001}, {@code /pricing/prices?skus=...}), plus an admin API for fault
 * drills ({@code /__admin/faults}, {@code /__admin/stats}) and the products' pictures ({@code /images/}, once
 * {@link #servingOwnImages()}). This class is the server: its lifecycle, the routing to
 * each service's handler and the injected latency and faults; the handlers are {@link DemoCatalogApi},
 * {@link DemoCustomersApi}, {@link DemoOrdersApi} and {@link DemoAdminApi}. See ADR 0001 for why this is a plain JDK
 * server.
 */
public final class DemoUpstreams implements AutoCloseable {

	/** The service names, in contract order. */
	public static final List<String> SERVICES = List.of("catalog", "pricing", "inventory", "reviews",
			"recommendations", "customers", "orders");

	private static final Logger log = LoggerFactory.getLogger(DemoUpstreams.class);

	private final HttpServer server;

	private final Executor executor;

	private final DemoCatalog catalog = new DemoCatalog();

	private final DemoOrders orders = new DemoOrders(this.catalog);

	private final DemoFaults faults = new DemoFaults();

	private final Duration latency;

	/** The handler of each service, by name. */
	private final Map<String, DemoExchange.Handler> services;

	private final DemoAdminApi admin;

	private final DemoCatalogApi catalogApi;

	private final DemoImages images = new DemoImages(this.catalog);

	/** The check of the customers and orders services' callers; {@code null}: they take every call. */
	private volatile @Nullable DemoTokenCheck tokens;

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
		DemoCatalogApi catalogApi = new DemoCatalogApi(this.catalog);
		this.catalogApi = catalogApi;
		DemoCustomersApi customersApi = new DemoCustomersApi(this.catalog);
		DemoOrdersApi ordersApi = new DemoOrdersApi(this.orders, this.faults);
		this.services = Map.of("catalog", catalogApi::products, "pricing", catalogApi::prices, "inventory",
				catalogApi::availability, "reviews", catalogApi::reviews, "recommendations",
				customersApi::recommendations, "customers", customersApi::customers, "orders", ordersApi::orders);
		this.admin = new DemoAdminApi(SERVICES, this.faults, this.orders, this.catalog);
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
		String issuer = properties.upstreams().tokenIssuer();
		if (issuer != null && !issuer.isBlank()) {
			upstreams.checkingTokensOf(issuer);
		}
		return upstreams;
	}

	/**
	 * From now on the catalog's image URLs point at the pictures this server draws itself ({@link DemoImages},
	 * {@code http://127.0.0.1:<port>/images/SKU-1001/main.svg}), not at the contract's placeholder host.
	 */
	public DemoUpstreams servingOwnImages() {
		this.catalogApi.imagesAt("http://127.0.0.1:" + port());
		return this;
	}

	/**
	 * From now on the customers and orders services answer only calls with a token of {@code issuer} meant for them
	 * ({@link DemoTokenCheck}): 401 without one, 403 for another customer's data.
	 */
	public DemoUpstreams checkingTokensOf(String issuer) {
		this.tokens = new DemoTokenCheck(issuer);
		return this;
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
			catch (DemoExchange.DroppedConnection ex) {
				// Closing the exchange without having sent a status line makes the server drop the connection.
			}
			catch (RuntimeException ex) {
				log.warn("Demo upstream failed", ex);
				new DemoExchange(exchange, "/").problem(500, "internal-error", "The demo service failed.");
			}
		}
	}

	private void route(HttpExchange exchange) throws IOException {
		String path = exchange.getRequestURI().getRawPath();
		if (path.startsWith("/__admin/")) {
			this.admin.admin(new DemoExchange(exchange, path));
			return;
		}
		if (path.startsWith(DemoImages.PREFIX)) {
			this.images.image(new DemoExchange(exchange, path));
			return;
		}
		int slash = path.indexOf('/', 1);
		String service = slash < 0 ? path.substring(1) : path.substring(1, slash);
		DemoExchange call = new DemoExchange(exchange, slash < 0 ? "/" : path.substring(slash));
		DemoExchange.Handler handler = this.services.get(service);
		if (handler == null) {
			call.problem(404, "not-found", "No such service.");
			return;
		}
		if (applyFaults(call, service) && authorized(call, service)) {
			handler.handle(call);
		}
	}

	/** Verifies the call's token where its service checks tokens; answers false when it answered 401. */
	private boolean authorized(DemoExchange call, String service) throws IOException {
		DemoTokenCheck check = this.tokens;
		if (check == null || !DemoTokenCheck.SERVICES.contains(service)) {
			return true;
		}
		try {
			call.caller(check.verify(call.header("Authorization"), service));
			return true;
		}
		catch (DemoTokenCheck.Refused ex) {
			call.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
			call.problem(401, "unauthorized", String.valueOf(ex.getMessage()));
			return false;
		}
	}

	/** Applies latency and faults; answers false when the fault already answered (or dropped) the call. */
	private boolean applyFaults(DemoExchange call, String service) throws IOException {
		DemoFaults.Fault fault = this.faults.of(service);
		sleep(this.latency.plus(fault.delay()));
		if (fault.mode() == DemoFaults.Mode.RESET) {
			// Close the connection without an answer: the client sees a reset / premature end of stream.
			throw new DemoExchange.DroppedConnection();
		}
		boolean flaky = (fault.mode() == DemoFaults.Mode.OK || fault.mode() == DemoFaults.Mode.SLOW)
				&& fault.errorRate() > 0 && ThreadLocalRandom.current().nextDouble() < fault.errorRate();
		if (fault.mode() == DemoFaults.Mode.DOWN || flaky) {
			call.problem(503, "unavailable", "The " + service + " service is down (injected fault).");
			return false;
		}
		if (fault.mode() == DemoFaults.Mode.GARBAGE) {
			call.send(200, "application/json", "{\"this is\": not json <html>".getBytes(StandardCharsets.UTF_8));
			return false;
		}
		return true;
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

}
