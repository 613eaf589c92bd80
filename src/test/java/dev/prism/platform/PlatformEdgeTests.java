package dev.prism.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.actuate.endpoint.web.WebMvcEndpointHandlerMapping;
import org.springframework.core.io.ClassPathResource;
import org.springframework.modulith.core.util.ApplicationModulesExporter;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import dev.prism.testing.ContractValidation;

/**
 * The edge every channel shares, over real HTTP: correlation ids, problem details for requests rejected anywhere
 * (fallback chain, firewall, container), and the actuator's public and admin-only endpoints.
 */
@TestPropertySource(locations = "classpath:offline-upstreams.properties")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PlatformEdgeTests {

	private final HttpClient http = ContractValidation.validating(HttpClient.newHttpClient());

	@LocalServerPort
	int port;

	@Autowired
	DispatcherServlet dispatcher;

	private HttpResponse<String> get(String path, String... headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path));
		if (headers.length > 0) {
			request.headers(headers);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

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
	void channelRequestsReachTheControllersBeforeTheActuatorAndNoControllerShadowsAnEndpoint() throws Exception {
		assertThat(get("/actuator/health").statusCode()).isEqualTo(200);   // the dispatcher has its mappings now
		List<HandlerMapping> mappings = this.dispatcher.getHandlerMappings();
		HandlerMapping controllers = mappings.stream()
			.filter(mapping -> mapping.getClass() == RequestMappingHandlerMapping.class)
			.findFirst()
			.orElseThrow();
		HandlerMapping endpoints = mappings.stream()
			.filter(WebMvcEndpointHandlerMapping.class::isInstance)
			.findFirst()
			.orElseThrow();

		assertThat(mappings.indexOf(controllers)).isLessThan(mappings.indexOf(endpoints));
		assertThat(((RequestMappingHandlerMapping) controllers).getHandlerMethods().keySet())
			.flatExtracting(info -> List.copyOf(info.getPatternValues()))
			.isNotEmpty()
			.noneMatch(pattern -> pattern.startsWith("/actuator"));
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
		assertThat(get("/actuator/metrics", "Authorization", basic("admin", "admin-demo")).statusCode())
			.isEqualTo(200);
		assertThat(get("/actuator/prometheus", "Authorization", basic("admin", "admin-demo")).body())
			.contains("jvm_memory_used_bytes");
	}

	@Test
	void theModuleStructureIsExposedToTheAdminOnly() throws Exception {
		assertThat(get("/actuator/modulith").statusCode()).isEqualTo(401);
		HttpResponse<String> modules = get("/actuator/modulith", "Authorization", basic("admin", "admin-demo"));
		assertThat(modules.statusCode()).isEqualTo(200);
		// Served from the description committed with the code (ModularityTests keeps it current), not computed by an
		// ArchUnit import of the whole class path while the application starts.
		assertThat(modules.body()).contains("upstream")
			.contains("platform")
			.isEqualTo(new ClassPathResource(ApplicationModulesExporter.DEFAULT_LOCATION)
				.getContentAsString(StandardCharsets.UTF_8));
	}

	@Test
	void serverMetricsCarryTheChannel() throws Exception {
		get("/web/api/anything");
		HttpResponse<String> metrics = get("/actuator/prometheus", "Authorization", basic("admin", "admin-demo"));
		assertThat(metrics.body()).containsPattern("http_server_requests_seconds_count\\{[^}]*channel=\"web\"");
	}

	@Test
	void requestsInFlightAreAGaugePerChannelNotALongTaskTimerPerObservation() throws Exception {
		get("/web/api/anything");
		String metrics = get("/actuator/prometheus", "Authorization", basic("admin", "admin-demo")).body();
		for (String channel : new String[] { "web", "mobile", "partner" }) {
			// The scrape itself is not a channel request: nothing is in flight on any channel.
			assertThat(metrics).containsPattern(
					"prism_channel_requests_in_flight\\{[^}]*channel=\"" + channel + "\"[^}]*\\} 0\\.0");
		}
		assertThat(metrics).contains("http_server_requests_seconds_count").doesNotContain("http_server_requests_active");
	}

	@Test
	void authenticationsAreObservedButNotEveryAuthorizationOrFilterOfEveryChain() throws Exception {
		get("/partner/api/v1/availability?skus=SKU-1001");
		get("/mobile/api/me", "Authorization", dev.prism.testing.TestTokens.bearer("not-a-token"));
		get("/actuator/metrics", "Authorization", basic("admin", "admin-demo"));
		String metrics = get("/actuator/prometheus", "Authorization", basic("admin", "admin-demo")).body();
		assertThat(metrics).contains("spring_security_authentications_seconds_count")
			.doesNotContain("spring_security_authorizations")
			.doesNotContain("spring_security_filterchains");
	}

	@org.springframework.beans.factory.annotation.Autowired
	org.springframework.boot.web.server.context.WebServerApplicationContext context;

	@Test
	void connectionsAreKeptForTenThousandRequestsNotTomcatsHundred() {
		var tomcat = (org.springframework.boot.tomcat.TomcatWebServer) this.context.getWebServer();
		assertThat(tomcat.getTomcat().getConnector().getProperty("maxKeepAliveRequests")).isEqualTo(10000);
	}

	@Test
	void springMvcWritesJsonWithoutAskingAnXmlConverterFirst() {
		var adapter = this.context.getBean(org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter.class);
		assertThat(adapter.getMessageConverters())
			.anyMatch(org.springframework.http.converter.json.JacksonJsonHttpMessageConverter.class::isInstance)
			.noneMatch(org.springframework.http.converter.xml.Jaxb2RootElementHttpMessageConverter.class::isInstance);
	}

	@Test
	void controllersAreNotProxiedForValidationSpringMvcValidatesTheirParameters() {
		var controllers = this.context.getBeansWithAnnotation(org.springframework.web.bind.annotation.RestController.class)
			.values()
			.stream()
			.filter(bean -> org.springframework.aop.support.AopUtils.getTargetClass(bean).getName().startsWith("dev.prism."))
			.toList();
		assertThat(controllers).hasSizeGreaterThan(5).noneMatch(org.springframework.aop.support.AopUtils::isAopProxy);
	}

	@Test
	void noSessionIsCreatedOutsideTheWebChannel() throws Exception {
		assertThat(get("/nowhere").headers().firstValue("Set-Cookie")).isEmpty();
		assertThat(get("/actuator/metrics", "Authorization", basic("admin", "admin-demo")).headers()
			.firstValue("Set-Cookie")).isEmpty();
	}

	private static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

}
