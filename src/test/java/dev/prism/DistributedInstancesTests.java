package dev.prism;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.MeterRegistry;

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
import dev.prism.testing.ContractValidation;
import dev.prism.testing.RedisServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two Prism instances behind an imaginary load balancer, sharing a real password-protected Redis (profile
 * distributed, {@code spring.data.redis.password}) and one set of upstreams: a web session made on one is stored as
 * JSON and valid on the other, a partner's quota is shared with no fallback to per-instance buckets, and an order
 * retried on the other instance with the same key is not placed twice.
 */
@Tag("redis")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DistributedInstancesTests {

	static final String REDIS_PASSWORD = "distributed-tests-redis-password";

	static RedisServer redis;

	/** The test's own look into Redis, authenticated like Prism. */
	static RedisClient redisClient;

	static StatefulRedisConnection<String, String> redisData;

	static final JsonMapper json = JsonMapper.builder().build();

	static DemoUpstreams upstreams;

	static final List<ConfigurableApplicationContext> instances = new ArrayList<>();

	static final Browser browser = new Browser();

	/** A browser: keeps its cookies (for both instances, as they share a host) and echoes the CSRF cookie. */
	static final class Browser {

		final CookieManager cookies = new CookieManager();

		final HttpClient client = ContractValidation
			.validating(HttpClient.newBuilder().cookieHandler(this.cookies).build());

		HttpResponse<String> send(int instance, String method, String path, String body, String... headers)
				throws Exception {
			HttpRequest.Builder request = HttpRequest.newBuilder(uri(instance, path)).timeout(Duration.ofSeconds(10));
			if (headers.length > 0) {
				request.headers(headers);
			}
			String csrf = this.cookies.getCookieStore()
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
			return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}

		HttpResponse<String> logIn(int instance, String username, String password) throws Exception {
			send(instance, "GET", "/web/api/session", null);
			return send(instance, "POST", "/web/api/session",
					"{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
		}

	}

	@BeforeAll
	static void startTwoInstances() {
		redis = RedisServer.startWithPassword(REDIS_PASSWORD);
		redisClient = RedisClient.create(RedisURI.builder()
			.withHost("127.0.0.1")
			.withPort(redis.port())
			.withPassword(REDIS_PASSWORD.toCharArray())
			.build());
		redisData = redisClient.connect();
		upstreams = DemoUpstreams.start();
		for (int i = 0; i < 2; i++) {
			List<String> args = new ArrayList<>(List.of("--server.port=0", "--prism.demo.upstreams.enabled=false",
					"--prism.demo.identity-provider.enabled=false",
					"--spring.data.redis.port=" + redis.port(), "--spring.data.redis.password=" + REDIS_PASSWORD,
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
		redisData.close();
		redisClient.shutdown();
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
		return ContractValidation.validating(HttpClient.newHttpClient())
			.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	static HttpResponse<String> send(int instance, String method, String path, String body, String... headers)
			throws Exception {
		return browser.send(instance, method, path, body, headers);
	}

	/** The session id in a login's {@code Set-Cookie} (whatever the cookie's name; Spring Session Base64-encodes it). */
	static String sessionId(HttpResponse<String> login) {
		HttpCookie session = login.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter(header -> header.contains("HttpOnly"))
			.flatMap(header -> HttpCookie.parse(header).stream())
			.filter(cookie -> !cookie.getName().equals("XSRF-TOKEN"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no session cookie in " + login.headers().allValues("Set-Cookie")));
		return new String(Base64.getDecoder().decode(session.getValue()), StandardCharsets.UTF_8);
	}

	static double quotaFallbacks(int instance) {
		return instances.get(instance)
			.getBean(MeterRegistry.class)
			.get("prism.partner.quota.fallbacks")
			.counter()
			.count();
	}

	@Test
	void redisRefusesClientsWithoutThePassword() {
		try (RedisClient anonymous = RedisClient.create(RedisURI.create("127.0.0.1", redis.port()))) {
			assertThatThrownBy(() -> {
				try (StatefulRedisConnection<String, String> connection = anonymous.connect()) {
					connection.sync().get("anything");
				}
			}).isInstanceOf(RedisException.class).hasStackTraceContaining("NOAUTH");
		}
	}

	@Test
	void aLoggedInSessionIsStoredAsJsonUnderTheNewNamespaceAndValidOnTheOtherInstance() throws Exception {
		// Given bob logs in with his password on instance 0 (CSRF cookie first, echoed as the header)
		HttpResponse<String> login = browser.logIn(0, "bob", "builder");
		assertThat(login.statusCode()).isEqualTo(200);

		// When reading his session straight from Redis
		String sessionId = sessionId(login);
		Map<String, String> stored = redisData.sync().hgetall("prism:session:v2:sessions:" + sessionId);

		// Then every value is JSON (no Java serialization), the security context readable as such
		assertThat(stored).containsKeys("creationTime", "lastAccessedTime", "maxInactiveInterval",
				"sessionAttr:SPRING_SECURITY_CONTEXT");
		stored.values().forEach(value -> assertThat(json.readTree(value)).isNotNull());
		JsonNode context = json.readTree(stored.get("sessionAttr:SPRING_SECURITY_CONTEXT"));
		assertThat(context.get("@class").asString())
			.isEqualTo("org.springframework.security.core.context.SecurityContextImpl");
		assertThat(context.at("/authentication/@class").asString())
			.isEqualTo("org.springframework.security.authentication.UsernamePasswordAuthenticationToken");
		assertThat(context.at("/authentication/principal/username").asString()).isEqualTo("bob");
		assertThat(stored.get("sessionAttr:SPRING_SECURITY_CONTEXT")).doesNotContain("builder");
		// and a password session carries no empty field of OpenID Connect tokens it never had (a removal written)
		assertThat(stored).allSatisfy((field, value) -> assertThat(value).as(field).isNotEmpty());
		// and no session was written elsewhere, such as the old releases' namespace of Java-serialized sessions
		assertThat(redisData.sync().keys("*session*")).isNotEmpty().allMatch(key -> key.startsWith("prism:session:v2:"));

		// And the other instance reads the session: bob is logged in there too
		HttpResponse<String> onOther = send(1, "GET", "/web/api/session", null);
		assertThat(onOther.statusCode()).isEqualTo(200);
		assertThat(onOther.body()).contains("\"customerId\":\"c-1002\"");
	}

	@Test
	void aSessionThatCannotBeReadIsDroppedRatherThanFailingEveryRequest() throws Exception {
		// Given alice's session, whose security context names a class this release cannot read (renamed, say)
		Browser alice = new Browser();
		HttpResponse<String> login = alice.logIn(0, "alice", "wonderland");
		assertThat(login.statusCode()).isEqualTo(200);
		String key = "prism:session:v2:sessions:" + sessionId(login);
		redisData.sync().hset(key, "sessionAttr:SPRING_SECURITY_CONTEXT", "{\"@class\":\"dev.prism.web.Renamed\"}");

		// When she comes back on the other instance
		HttpResponse<String> after = alice.send(1, "GET", "/web/api/session", null);

		// Then she is simply not logged in any more, her unreadable session deleted, and she can log in again
		assertThat(after.statusCode()).isEqualTo(401);
		assertThat(after.body()).contains("urn:prism:problem:unauthorized");
		assertThat(redisData.sync().exists(key)).isZero();
		assertThat(alice.logIn(1, "alice", "wonderland").statusCode()).isEqualTo(200);
	}

	@Test
	void aPartnersQuotaIsSharedByTheInstancesWithoutFallingBack() throws Exception {
		// Given a quota of 10 a minute (refilled by one every 6 s), asked on the two instances in turn until both
		// have said no
		boolean[] refused = new boolean[2];
		int allowed = 0;
		for (int i = 0; !(refused[0] && refused[1]) && i < 60; i++) {
			HttpResponse<String> answer = machine(i % 2, "GET", "/partner/api/v1/availability?skus=bad!", null,
					"X-Api-Key", "tiny-test-key");
			if (answer.statusCode() == 429) {
				refused[i % 2] = true;
				assertThat(answer.headers().firstValue("Retry-After")).isPresent();
			}
			else {
				assertThat(answer.statusCode()).isEqualTo(400);
				allowed++;
			}
		}

		// Then both refused once ten requests (and the few refilled meanwhile, however long they took) had used up
		// the one quota they share: a quota per instance would have let twenty through
		assertThat(refused).containsExactly(true, true);
		assertThat(allowed).isBetween(10, 19);
		// And it was one bucket in Redis, never the per-instance fallback
		assertThat(quotaFallbacks(0)).isZero();
		assertThat(quotaFallbacks(1)).isZero();
		assertThat(redisData.sync().keys("prism:quota:shared:*")).isNotEmpty();
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
		// The record both instances read is in the password-protected Redis, with the answer to replay.
		JsonNode record = json.readTree(redisData.sync().get("prism:idempotency:acme:cross-instance-1"));
		assertThat(record.get("completed").asBoolean()).isTrue();
		assertThat(record.get("status").asInt()).isEqualTo(201);
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
