package dev.prism.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.tags.Tag;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

import org.junit.jupiter.api.Test;

/**
 * The upstream contract, {@code openapi/upstreams.yaml}, is a valid OpenAPI 3.1 document of the seven services, and
 * its validation fails on what it does not allow: on the services' side an undeclared property, a body that is no
 * JSON, an operation of another service; on the clients' side a request without its {@code Idempotency-Key}, its
 * {@code X-Request-Id} or with an order the contract does not have. The answers and requests are made by hand here.
 */
class ContractValidationUpstreamsTests {

	private static final String DEMO = "http://127.0.0.1:9000";

	private static final String ALICE = """
			{"id":"c-1001","name":"Alice Example","email":"alice@example.com","tier":"GOLD"}""";

	private static final String ORDER = """
			{"id":"o-5001","customerId":"c-1001","status":"PLACED",
			 "lines":[{"sku":"SKU-1001","quantity":2,"unitPrice":"89.90"}],
			 "total":{"currency":"EUR","amount":"179.80"},"createdAt":"2026-11-20T09:30:00.123456Z"}""";

	private static final String PLACE_ORDER = """
			{"customerId":"c-1001","channel":"web","lines":[{"sku":"SKU-1001","quantity":2}]}""";

	private static Map<String, List<String>> answerHeaders(String contentType) {
		Map<String, List<String>> headers = new LinkedHashMap<>();
		headers.put("Content-Type", List.of(contentType));
		headers.put("Content-Length", List.of("86"));
		headers.put("Date", List.of("Tue, 01 Dec 2026 09:00:00 GMT"));
		return headers;
	}

	private static List<String> answer(String method, String path, int status, String contentType, String body) {
		return ContractValidation.upstreamViolations(method, URI.create(DEMO + path), status,
				answerHeaders(contentType), body.getBytes(StandardCharsets.UTF_8));
	}

	private static Map<String, List<String>> requestHeaders() {
		Map<String, List<String>> headers = new LinkedHashMap<>();
		headers.put("Accept", List.of("application/json, application/*+json"));
		headers.put("X-Request-Id", List.of("7f3c2a9e51b04c1d8e6f2a10"));
		headers.put("traceparent", List.of("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
		headers.put("Authorization", List.of("Bearer s3rvice-t0ken"));
		return headers;
	}

	private static Map<String, List<String>> orderHeaders() {
		Map<String, List<String>> headers = requestHeaders();
		headers.put("Content-Type", List.of("application/json"));
		headers.put("Idempotency-Key", List.of("c-1001:k-1"));
		return headers;
	}

	private static List<String> request(String method, String path, Map<String, List<String>> headers,
			String body) {
		return ContractValidation.upstreamRequestViolations(method, URI.create(DEMO + path), headers,
				body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void theContractIsAValidOpenApi31DocumentOfTheSevenServices() throws Exception {
		ParseOptions options = new ParseOptions();
		options.setResolve(true);
		SwaggerParseResult parsed = new OpenAPIV3Parser()
			.readContents(Files.readString(ContractValidation.UPSTREAMS), null, options);
		assertThat(parsed.getMessages()).as("what the parser finds wrong with openapi/upstreams.yaml").isEmpty();
		OpenAPI api = parsed.getOpenAPI();
		assertThat(api.getOpenapi()).startsWith("3.1.");
		assertThat(api.getTags()).extracting(Tag::getName).containsExactlyElementsOf(ContractValidation.SERVICES);
		assertThat(api.getComponents().getSecuritySchemes().values()).isNotEmpty()
			.allSatisfy(scheme -> assertThat(scheme.getType()).isEqualTo(SecurityScheme.Type.HTTP))
			.allSatisfy(scheme -> assertThat(scheme.getScheme()).isEqualTo("bearer"));

		Set<String> served = new TreeSet<>();
		api.getPaths().forEach((path, item) -> {
			for (Operation operation : item.readOperations()) {
				// Each operation belongs to one service, whose base URL is the server of its path
				assertThat(operation.getTags()).as(path).hasSize(1);
				String service = operation.getTags().get(0);
				assertThat(ContractValidation.SERVICES).as(path).contains(service);
				served.add(service);
				assertThat(item.getServers()).as(path).singleElement()
					.satisfies(server -> assertThat(server.getVariables()).containsOnlyKeys(service))
					.satisfies(server -> assertThat(server.getDescription())
						.contains("prism.upstreams." + service + ".base-url"));
				// Every call carries the correlation id and the trace context; every error is a problem detail
				assertThat(operation.getParameters()).as(path)
					.extracting(parameter -> parameter.get$ref() != null ? parameter.get$ref()
							: parameter.getName())
					.contains("#/components/parameters/RequestId", "#/components/parameters/TraceParent");
				assertThat(operation.getResponses()).as(path).containsKey("5XX");
				assertThat(operation.getOperationId()).as(path).isNotBlank();
			}
		});
		assertThat(served).containsExactlyInAnyOrderElementsOf(ContractValidation.SERVICES);
		Parameter key = api.getPaths().get("/orders").getPost().getParameters().stream()
			.filter(parameter -> "Idempotency-Key".equals(parameter.getName()))
			.findFirst()
			.orElseThrow();
		assertThat(key.getRequired()).as("POST /orders always carries its Idempotency-Key").isTrue();
	}

	@Test
	void correctAnswersHaveNoViolations() {
		assertThat(answer("GET", "/customers/customers/c-1001", 200, "application/json", ALICE)).isEmpty();
		assertThat(answer("GET", "/orders/orders/o-5001", 200, "application/json", ORDER)).isEmpty();
		assertThat(answer("GET", "/pricing/prices?skus=SKU-1001", 200, "application/json", """
				{"prices":[{"sku":"SKU-1001","currency":"EUR","amount":"89.90","listAmount":"109.90",\
				"savingsPercent":18}]}""")).isEmpty();
		assertThat(answer("GET", "/customers/customers/c-404", 404, "application/problem+json", """
				{"type":"urn:demo:problem:not-found","title":"not-found","status":404,"detail":"No such customer."}"""))
			.isEmpty();
	}

	@Test
	void anInjected503IsAnAnswerOfTheContract() {
		// A service may be down: the GETs are retried on it, so the contract declares it
		assertThat(answer("GET", "/pricing/prices?skus=SKU-1001", 503, "application/problem+json", """
				{"type":"urn:demo:problem:unavailable","title":"unavailable","status":503,"detail":"Down."}"""))
			.isEmpty();
	}

	@Test
	void anUndeclaredPropertyOrAWrongValueIsAViolation() {
		assertThat(answer("GET", "/customers/customers/c-1001", 200, "application/json",
				ALICE.replace("\"tier\"", "\"internalHost\":\"db-7\",\"tier\"")))
			.anySatisfy(violation -> assertThat(violation).contains("additionalProperties").contains("internalHost"));
		assertThat(answer("GET", "/orders/orders/o-5001", 200, "application/json",
				ORDER.replace("\"179.80\"", "179.80")))
			.as("money is a decimal string")
			.isNotEmpty();
		assertThat(answer("GET", "/orders/orders/o-5001", 200, "application/json",
				ORDER.replace("PLACED", "LOST")))
			.isNotEmpty();
	}

	@Test
	void aGarbageBodyIsAViolation() {
		assertThat(answer("GET", "/pricing/prices?skus=SKU-1001", 200, "application/json",
				"{\"this is\": not json <html>"))
			.isNotEmpty();
	}

	@Test
	void anOperationOfAnotherServiceIsAnUnknownRouteOfThisOne() {
		String orders = "{\"items\":[" + ORDER + "]}";
		assertThat(answer("GET", "/orders/customers/c-1001/orders", 200, "application/json", orders)).isEmpty();
		assertThat(answer("GET", "/customers/customers/c-1001/orders", 200, "application/json", orders))
			.as("the customers service has no orders")
			.anySatisfy(violation -> assertThat(violation).contains("client error"));
		assertThat(answer("GET", "/shipping/parcels", 404, "application/problem+json", """
				{"type":"urn:demo:problem:not-found","title":"not-found","status":404,"detail":"No such service."}"""))
			.as("an unknown route: a problem, without X-Request-Id (services need not echo it)")
			.isEmpty();
		assertThat(answer("GET", "/shipping/parcels", 404, "text/html", "<h1>Not found</h1>")).isNotEmpty();
	}

	@Test
	void theDemosAdminApiIsNoServicesContract() {
		assertThat(answer("GET", "/__admin/stats", 200, "application/json", "{\"ordersCreated\":0}")).isEmpty();
	}

	@Test
	void theDemosProductPicturesAreNoServicesContractAndTheirUrlsAreTheContractsImages() {
		assertThat(answer("GET", "/images/SKU-1001/main.svg?w=480", 200, "image/svg+xml", "<svg/>")).isEmpty();
		String product = """
				{"sku":"SKU-1001","name":"Trail Runner 2","brand":"Northpeak","category":"shoes","description":"Light.",
				 "images":[{"url":"http://127.0.0.1:9000/images/SKU-1001/main.svg","width":1200,"height":1200}],
				 "attributes":{"color":"red"},"updatedAt":"2026-11-01T10:00:00Z"}""";
		assertThat(answer("GET", "/catalog/products/SKU-1001", 200, "application/json", product)).isEmpty();
	}

	@Test
	void aClientsCorrectRequestsHaveNoViolations() {
		assertThat(request("GET", "/catalog/products?page=0&size=20", requestHeaders(), null)).isEmpty();
		assertThat(request("GET", "/catalog/products?skus=SKU-1001,SKU-1002", requestHeaders(), null)).isEmpty();
		assertThat(request("GET", "/recommendations/recommendations?sku=SKU-1001&limit=4", requestHeaders(), null))
			.isEmpty();
		assertThat(request("POST", "/orders/orders", orderHeaders(), PLACE_ORDER)).isEmpty();
	}

	@Test
	void aClientRequestTheContractDoesNotAllowIsAViolation() {
		Map<String, List<String>> noKey = orderHeaders();
		noKey.remove("Idempotency-Key");
		assertThat(request("POST", "/orders/orders", noKey, PLACE_ORDER))
			.anySatisfy(violation -> assertThat(violation).contains("Idempotency-Key"));

		Map<String, List<String>> uncorrelated = requestHeaders();
		uncorrelated.remove("X-Request-Id");
		assertThat(request("GET", "/customers/customers/c-1001", uncorrelated, null))
			.anySatisfy(violation -> assertThat(violation).contains("X-Request-Id"));

		assertThat(request("POST", "/orders/orders", orderHeaders(), PLACE_ORDER.replace("web", "fax")))
			.as("a channel the orders service does not know")
			.isNotEmpty();
		assertThat(request("POST", "/orders/orders", orderHeaders(), PLACE_ORDER.replace("\"quantity\":2",
				"\"quantity\":100")))
			.isNotEmpty();
		assertThat(request("GET", "/catalog/products?size=0", requestHeaders(), null)).isNotEmpty();
		assertThat(request("GET", "/catalog/products?size=101", requestHeaders(), null))
			.as("more than a page of the catalog holds")
			.isNotEmpty();
		String skus = String.join(",", IntStream.rangeClosed(1, 201)
			.mapToObj(n -> "SKU-" + (1000 + n))
			.toList());
		assertThat(request("GET", "/pricing/prices?skus=" + skus.substring(0, skus.lastIndexOf(',')), requestHeaders(),
				null))
			.as("200 skus")
			.isEmpty();
		assertThat(request("GET", "/pricing/prices?skus=" + skus, requestHeaders(), null)).as("201 skus")
			.anySatisfy(violation -> assertThat(violation).contains("maximum of 200 items"));
		assertThat(request("GET", "/recommendations/recommendations?limit=4", requestHeaders(), null))
			.as("the sku is required")
			.isNotEmpty();
		assertThat(request("GET", "/catalog/products/SKU-1001/reviews", requestHeaders(), null))
			.as("reviews are the reviews service's")
			.singleElement()
			.satisfies(violation -> assertThat(violation).contains("catalog service has no operation"));
	}

	@Test
	void aViolationFailsTheCall() {
		assertThatThrownBy(() -> ContractValidation.checkUpstream("GET", URI.create(DEMO + "/customers/customers/c-1"),
				200, answerHeaders("application/json"), "{\"id\":\"c-1\"}".getBytes(StandardCharsets.UTF_8)))
			.isInstanceOf(AssertionError.class)
			.hasMessageContaining("openapi/upstreams.yaml")
			.hasMessageContaining("required");
		assertThatThrownBy(() -> ContractValidation.checkUpstreamRequest("GET",
				URI.create(DEMO + "/customers/customers/c-1"), Map.of(), new byte[0]))
			.isInstanceOf(AssertionError.class)
			.hasMessageContaining("X-Request-Id");
	}

}
