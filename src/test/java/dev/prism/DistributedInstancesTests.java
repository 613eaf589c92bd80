package dev.prism;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.prism.demo.DemoUpstreams;
import dev.prism.testing.RedisServer;

/**
 * Two Prism instances behind an imaginary load balancer, sharing a real Redis (profile distributed) and one set of
 * upstreams: a web session made on one is valid on the other, a partner's quota is shared, and an order retried on
 * the other instance with the same key is not placed twice.
 */
@Tag("redis")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DistributedInstancesTests {

	static RedisServer redis;

	static DemoUpstreams upstreams;

	static final List<ConfigurableApplicationContext> instances = new ArrayList<>();

	static final CookieManager cookies = new CookieManager();

	static final HttpClient browser = HttpClient.newBuilder().cookieHandler(cookies).build();

	@BeforeAll
	static void startTwoInstances() {
		redis = RedisServer.start();
		upstreams = DemoUpstreams.start();
		for (int i = 0; i < 2; i++) {
			List<String> args = new ArrayList<>(List.of("--server.port=0", "--prism.demo.upstreams.enabled=false",
					"--spring.data.redis.port=" + redis.port(),
					"--prism.partner.clients.shared.key-sha256=58fe07b10d8c4ced06aca5b0d341faa50862454abb6e65bd10b90e2a03fdbf6a",
					"--prism.partner.clients.shared.scopes=catalog:read",
					"--prism.partner.clients.shared.requests-per-minute=10",
					"--prism.partner.clients.shared.customer-id=c-1002"));
			for (String service : DemoUpstreams.SERVICES) {
				args.add("--prism.upstreams." + service + ".base-url=" + upstreams.baseUrl(service));
			}
			instances.add(new SpringApplicationBuilder(PrismApplication.class).profiles("demo", "distributed")
				.run(args.toArray(String[]::new)));
		}
	}

	@AfterAll
	static void stopAll() {
		instances.forEach(ConfigurableApplicationContext::close);
		upstreams.close();
		redis.close();
	}

	static URI uri(int instance, String path) {
		return URI.create("http://127.0.0.1:"
				+ instances.get(instance).getEnvironment().getProperty("local.server.port") + path);
	}

	/** A partner's machine: no cookies. */
	static HttpResponse<String> machine(int instance, String method, String path, String body, String... headers)
			throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(instance, path)).timeout(Duration.ofSeconds(10))
			.headers(headers)
			.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	static HttpResponse<String> send(int instance, String method, String path, String body, String... headers)
			throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(instance, path)).timeout(Duration.ofSeconds(10));
		if (headers.length > 0) {
			request.headers(headers);
		}
		String csrf = cookies.getCookieStore()
			.getCookies()
			.stream()
			.filter(cookie -> cookie.getName().equals("XSRF-TOKEN"))
			.map(HttpCookie::getValue)
			.findFirst()
			.orElse(null);
		if (csrf != null && !method.equals("GET")) {
			request.header("X-XSRF-TOKEN", csrf);
		}
		request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
				: HttpRequest.BodyPublishers.ofString(body));
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		return browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void aSessionMadeOnOneInstanceIsValidOnTheOther() throws Exception {
		send(0, "GET", "/web/api/session", null);
		HttpResponse<String> login = send(0, "POST", "/web/api/session",
				"{\"username\":\"bob\",\"password\":\"builder\"}");
		assertThat(login.statusCode()).isEqualTo(200);

		HttpResponse<String> onOther = send(1, "GET", "/web/api/session", null);

		assertThat(onOther.statusCode()).isEqualTo(200);
		assertThat(onOther.body()).contains("\"customerId\":\"c-1002\"");
	}

	@Test
	void aPartnersQuotaIsSharedByTheInstances() throws Exception {
		// Given a quota of 10 a minute (refilled by one every 6 s), asked on the two instances in turn until both
		// have said no
		boolean[] refused = new boolean[2];
		int allowed = 0;
		for (int i = 0; !(refused[0] && refused[1]) && i < 60; i++) {
			int status = machine(i % 2, "GET", "/partner/api/v1/availability?skus=bad!", null, "X-Api-Key",
					"tiny-test-key")
				.statusCode();
			if (status == 429) {
				refused[i % 2] = true;
			}
			else {
				assertThat(status).isEqualTo(400);
				allowed++;
			}
		}

		// Then both refused once ten requests (and the few refilled meanwhile, however long they took) had used up
		// the one quota they share: a quota per instance would have let twenty through
		assertThat(refused).containsExactly(true, true);
		assertThat(allowed).isBetween(10, 19);
	}

	@Test
	void anOrderRetriedOnTheOtherInstanceIsNotDuplicated() throws Exception {
		int before = upstreams.ordersCreated();
		String order = "{\"lines\":[{\"sku\":\"SKU-1001\",\"quantity\":1}]}";

		HttpResponse<String> first = machine(0, "POST", "/partner/api/v1/orders", order, "X-Api-Key", "acme-demo-key",
				"Idempotency-Key", "cross-instance-1");
		HttpResponse<String> retry = machine(1, "POST", "/partner/api/v1/orders", order, "X-Api-Key", "acme-demo-key",
				"Idempotency-Key", "cross-instance-1");

		assertThat(first.statusCode()).isEqualTo(201);
		assertThat(retry.statusCode()).isEqualTo(201);
		assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(retry.body()).isEqualTo(first.body());
		assertThat(upstreams.ordersCreated()).isEqualTo(before + 1);
	}

	@Test
	@Order(Integer.MAX_VALUE)
	void withRedisDownQuotasFallBackWhileSessionsAndOrdersFailClosed() throws Exception {
		redis.stop();

		// Quotas: partners keep being served by the per-instance buckets, and the fallback is counted.
		HttpResponse<String> partner = machine(0, "GET", "/partner/api/v1/availability?skus=bad!", null, "X-Api-Key",
				"globex-demo-key");
		assertThat(partner.statusCode()).isEqualTo(400);
		assertThat(machine(0, "GET", "/actuator/prometheus", null, "Authorization", "Basic YWRtaW46YWRtaW4tZGVtbw==")
			.body()).containsPattern("prism_partner_quota_fallbacks_total [1-9]");

		// Idempotent orders: refused rather than risking a duplicate.
		HttpResponse<String> order = machine(0, "POST", "/partner/api/v1/orders",
				"{\"lines\":[{\"sku\":\"SKU-1001\",\"quantity\":1}]}", "X-Api-Key", "acme-demo-key",
				"Idempotency-Key", "while-redis-down");
		assertThat(order.statusCode()).isEqualTo(503);
		assertThat(order.headers().firstValue("Retry-After")).isPresent();
		assertThat(order.body()).contains("urn:prism:problem:idempotency-store-unavailable");

		// Web sessions: a problem detail, not an anonymous session or a stack trace.
		HttpResponse<String> session = send(1, "GET", "/web/api/session", null);
		assertThat(session.statusCode()).isEqualTo(503);
		assertThat(session.headers().firstValue("Content-Type")).hasValueSatisfying(
				type -> assertThat(type).startsWith("application/problem+json"));
		assertThat(session.body()).contains("urn:prism:problem:session-store-unavailable").doesNotContain("Exception");
	}

}
