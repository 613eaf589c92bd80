package dev.prism.upstream;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

/**
 * A stateful {@code POST /orders} for WireMock, as {@code openapi/upstreams.yaml} specifies it: the first request with
 * an {@code Idempotency-Key} creates an order, the same key with the same body answers that order again, the same key
 * with another body is 422, no key is 400. Faults can be scheduled that strike after the order is committed (the
 * answer is lost), which is the case exactly-once delivery must survive.
 */
final class StatefulOrdersStub implements ResponseDefinitionTransformerV2 {

	static final String NAME = "stateful-orders";

	private final Map<String, String> bodies = new LinkedHashMap<>();

	private final Map<String, String> orders = new LinkedHashMap<>();

	private final Deque<UnaryOperator<ResponseDefinitionBuilder>> afterCommit = new ArrayDeque<>();

	private final AtomicInteger created = new AtomicInteger();

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public boolean applyGlobally() {
		return false;
	}

	/** Orders created so far, replays not counted. */
	int ordersCreated() {
		return this.created.get();
	}

	/** The next answer to a committed request (new or replayed) has its connection reset. */
	synchronized StatefulOrdersStub resetAfterCommit() {
		this.afterCommit.add(response -> response.withFault(Fault.CONNECTION_RESET_BY_PEER));
		return this;
	}

	/** The next answer to a committed request is replaced by {@code status} (a proxy or gateway failing). */
	synchronized StatefulOrdersStub failAfterCommit(int status) {
		this.afterCommit.add(response -> ResponseDefinitionBuilder.responseDefinition().withStatus(status));
		return this;
	}

	/** The next answer to a committed request comes after {@code millis}. */
	synchronized StatefulOrdersStub delayAfterCommit(int millis) {
		this.afterCommit.add(response -> response.withFixedDelay(millis));
		return this;
	}

	synchronized void reset() {
		this.bodies.clear();
		this.orders.clear();
		this.afterCommit.clear();
		this.created.set(0);
	}

	@Override
	public synchronized ResponseDefinition transform(ServeEvent serveEvent) {
		Request request = serveEvent.getRequest();
		String key = request.getHeader("Idempotency-Key");
		if (key == null || key.isBlank()) {
			return problem(400, "Idempotency-Key required");
		}
		String body = request.getBodyAsString();
		String known = this.bodies.get(key);
		if (known != null && !known.equals(body)) {
			return problem(422, "Idempotency-Key reused with another body");
		}
		if (known == null) {
			int number = 5000 + this.created.incrementAndGet();
			this.bodies.put(key, body);
			this.orders.put(key, "{\"id\":\"o-" + number + "\",\"customerId\":\"c-1001\",\"status\":\"PLACED\","
					+ "\"lines\":[{\"sku\":\"SKU-1001\",\"quantity\":2,\"unitPrice\":\"89.90\"}],"
					+ "\"total\":{\"currency\":\"EUR\",\"amount\":\"179.80\"},\"createdAt\":\"2026-11-20T09:30:00Z\"}");
		}
		ResponseDefinitionBuilder response = ResponseDefinitionBuilder.responseDefinition()
			.withStatus(known == null ? 201 : 200)
			.withHeader("Content-Type", "application/json")
			.withBody(this.orders.get(key));
		UnaryOperator<ResponseDefinitionBuilder> fault = this.afterCommit.poll();
		return (fault != null ? fault.apply(response) : response).build();
	}

	private static ResponseDefinition problem(int status, String detail) {
		return ResponseDefinitionBuilder.responseDefinition()
			.withStatus(status)
			.withHeader("Content-Type", "application/problem+json")
			.withBody("{\"status\":" + status + ",\"detail\":\"" + detail + "\"}")
			.build();
	}

}
