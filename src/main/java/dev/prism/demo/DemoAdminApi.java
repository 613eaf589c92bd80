package dev.prism.demo;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;

import org.springframework.boot.convert.DurationStyle;

/**
 * The demo upstreams' admin API for fault drills: {@code GET /__admin/stats}, {@code GET /__admin/faults},
 * {@code PUT /__admin/faults/{service}} and {@code DELETE /__admin/faults}.
 */
final class DemoAdminApi {

	private static final Pattern FAULT = Pattern.compile("/__admin/faults/([a-z]+)");

	private final List<String> services;

	private final DemoFaults faults;

	private final DemoOrders orders;

	private final DemoCatalog catalog;

	DemoAdminApi(List<String> services, DemoFaults faults, DemoOrders orders, DemoCatalog catalog) {
		this.services = services;
		this.faults = faults;
		this.orders = orders;
		this.catalog = catalog;
	}

	/** Answers a call whose path, {@link DemoExchange#rest()}, starts with {@code /__admin/}. */
	void admin(DemoExchange exchange) throws IOException {
		String path = exchange.rest();
		String method = exchange.method();
		Matcher fault = FAULT.matcher(path);
		if (method.equals("GET") && path.equals("/__admin/stats")) {
			exchange.json(200, Map.of("ordersCreated", this.orders.created(), "products", this.catalog.skus().size()));
		}
		else if (method.equals("GET") && path.equals("/__admin/faults")) {
			Map<String, Object> all = new LinkedHashMap<>();
			this.faults.all()
				.forEach((service, set) -> all.put(service, Map.of("mode", set.mode().name().toLowerCase(Locale.ROOT),
						"latency", set.delay().toMillis() + "ms", "errorRate", set.errorRate())));
			exchange.json(200, all);
		}
		else if (method.equals("DELETE") && path.equals("/__admin/faults")) {
			this.faults.clear();
			exchange.send(204, null, null);
		}
		else if (method.equals("PUT") && fault.matches() && this.services.contains(fault.group(1))) {
			try {
				this.faults.set(fault.group(1), fault(DemoExchange.JSON.readValue(exchange.body(), Map.class)));
				exchange.send(204, null, null);
			}
			catch (JacksonException | IllegalArgumentException ex) {
				exchange.problem(400, "invalid-request", "Body: {\"mode\":\"ok|down|slow|garbage|reset|lose_response_once|"
						+ "lose_response\",\"latency\":\"200ms\" (or \"latencyMs\":200),\"errorRate\":0.0}");
			}
		}
		else {
			exchange.problem(404, "not-found", "Admin: GET /__admin/stats, GET /__admin/faults, "
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

}
