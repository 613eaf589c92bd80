package dev.prism.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/**
 * The edge every channel shares, over real HTTP: correlation ids, problem details for requests rejected anywhere
 * (fallback chain, firewall, container), the actuator's public and admin-only endpoints, channel tags on server
 * metrics, and no session outside the web channel. How the edge is tuned is {@link PlatformTuningTests}'.
 */
class PlatformEdgeTests extends PlatformEndToEndTestSupport {

	@Test
	void anUnknownPathIsAProblemDetailWithAGeneratedRequestId() throws Exception {
		HttpResponse<String> response = get("/nowhere");

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				type -> assertThat(type).startsWith("application/problem+json"));
		String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();
		assertThat(requestId).matches("[0-9a-f]{24}");
		assertThat(response.body()).contains("\"type\":\"urn:prism:problem:unauthorized\"")
			.contains("\"requestId\":\"" + requestId + "\"");
	}

	@Test
	void aSaneClientRequestIdIsEchoedAndAHostileOneReplaced() throws Exception {
		assertThat(get("/nowhere", "X-Request-Id", "abc-123").headers().firstValue("X-Request-Id"))
			.hasValue("abc-123");
		HttpResponse<String> hostile = get("/nowhere", "X-Request-Id", "<script>" + "x".repeat(100));
		assertThat(hostile.headers().firstValue("X-Request-Id").orElseThrow()).matches("[0-9a-f]{24}");
		assertThat(hostile.body()).doesNotContain("script");
	}

	@Test
	void aRequestTheFirewallRejectsIsA400ProblemDetail() throws Exception {
		HttpResponse<String> response = get("/web/api/products/%2e%2e%2fsecret");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("urn:prism:problem:invalid-request").contains("requestId");
		assertThat(response.body()).doesNotContain("Exception").doesNotContain("at org.");
	}

	@Test
	void aRequestTheFirewallRejectsAfterTheContainerIsA400ProblemDetail() throws Exception {
		HttpResponse<String> response = get("/web/api/products/a;jsessionid=x/..;/b");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("urn:prism:problem:invalid-request").contains("requestId");
	}

	@Test
	void aHeaderValueWithAControlCharacterIsRefusedByTheFirewall() throws Exception {
		// Raw bytes (HTTP clients refuse to send them): Tomcat reads header bytes as ISO-8859-1, so byte 0x85 is the
		// control character U+0085 when the partner key filter reads the key.
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(10_000);
			String head = "GET /partner/api/v1/availability?skus=SKU-1 HTTP/1.1\r\nHost: localhost\r\n"
					+ "X-Api-Key: acme-demo-key\u0085\r\nConnection: close\r\n\r\n";
			socket.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
			String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);

			assertThat(response).startsWith("HTTP/1.1 400");
			assertThat(response).contains("urn:prism:problem:invalid-request").contains("requestId");
		}
	}

	@Test
	void oversizedHeadersAreAProblemDetail() throws Exception {
		HttpResponse<String> response = get("/web/api/products", "X-Big", "x".repeat(20_000));

		assertThat(response.statusCode()).isBetween(400, 431);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				type -> assertThat(type).startsWith("application/problem+json"));
		assertThat(response.body()).contains("urn:prism:problem:").doesNotContain("Tomcat");
	}

	@Test
	void healthAndInfoArePublicAndTheRestNeedsTheAdmin() throws Exception {
		assertThat(get("/actuator/health").statusCode()).isEqualTo(200);
		assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
		assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
		assertThat(get("/actuator/info").statusCode()).isEqualTo(200);

		HttpResponse<String> anonymous = get("/actuator/metrics");
		assertThat(anonymous.statusCode()).isEqualTo(401);
		assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
				challenge -> assertThat(challenge).startsWith("Basic"));
		assertThat(anonymous.body()).contains("urn:prism:problem:unauthorized");

		assertThat(get("/actuator/metrics", "Authorization", basic("admin", "wrong")).statusCode()).isEqualTo(401);
		assertThat(get("/actuator/metrics", "Authorization", admin()).statusCode())
			.isEqualTo(200);
		assertThat(get("/actuator/prometheus", "Authorization", admin()).body())
			.contains("jvm_memory_used_bytes");
	}

	@Test
	void theModuleStructureIsExposedToTheAdminOnly() throws Exception {
		assertThat(get("/actuator/modulith").statusCode()).isEqualTo(401);
		HttpResponse<String> modules = get("/actuator/modulith", "Authorization", admin());
		assertThat(modules.statusCode()).isEqualTo(200);
		assertThat(modules.body()).contains("upstream").contains("platform");
	}

	@Test
	void serverMetricsCarryTheChannel() throws Exception {
		get("/web/api/anything");
		HttpResponse<String> metrics = get("/actuator/prometheus", "Authorization", admin());
		assertThat(metrics.body()).containsPattern("http_server_requests_seconds_count\\{[^}]*channel=\"web\"");
	}

	@Test
	void noSessionIsCreatedOutsideTheWebChannel() throws Exception {
		assertThat(get("/nowhere").headers().firstValue("Set-Cookie")).isEmpty();
		assertThat(get("/actuator/metrics", "Authorization", admin()).headers()
			.firstValue("Set-Cookie")).isEmpty();
	}

}
