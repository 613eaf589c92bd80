package dev.prism.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.test.web.servlet.setup.RouterFunctionMockMvcBuilder;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The contract validation fails on answers that are not what the committed contract says: an undeclared property, an
 * undeclared status, an undeclared header, a wrong media type, a missing correlation id. The answers are made by
 * hand here, each one a correct answer with one thing wrong. And no test reaches Prism around the validation.
 */
class ContractValidationTests {

	/**
	 * Every {@code java.net.http.HttpClient} a test builds goes through {@link ContractValidation#validating} (for
	 * Prism's channels) or {@link ContractValidation#validatingUpstreams} (for the demo upstreams).
	 */
	static final ArchRule tests_hold_every_answer_to_the_contract = classes().that()
		.resideOutsideOfPackage("dev.prism.testing")
		.should(new ArchCondition<JavaClass>("wrap every HttpClient they build in ContractValidation.validating") {
			@Override
			public void check(JavaClass type, ConditionEvents events) {
				long built = type.getMethodCallsFromSelf().stream().filter(call -> builds(call)).count();
				long validated = type.getMethodCallsFromSelf()
					.stream()
					.filter(call -> call.getTargetOwner().isEquivalentTo(ContractValidation.class)
							&& (call.getName().equals("validating") || call.getName().equals("validatingUpstreams")))
					.count();
				if (built > validated) {
					events.add(SimpleConditionEvent.violated(type, type.getName() + " builds " + built
							+ " HttpClient(s) but validates " + validated + " through ContractValidation.validating"));
				}
			}
		})
		.because("an answer no one holds to the contract is one an external validating proxy may reject unseen");

	private static boolean builds(JavaCall<?> call) {
		String owner = call.getTargetOwner().getName();
		return (owner.equals("java.net.http.HttpClient") && call.getName().equals("newHttpClient"))
				|| (owner.equals("java.net.http.HttpClient$Builder") && call.getName().equals("build"));
	}

	@Test
	void everyTestThatCallsPrismOverHttpValidatesTheAnswers() {
		tests_hold_every_answer_to_the_contract.check(new ClassFileImporter()
			.withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
			.importPath(Path.of("target/test-classes/dev/prism")));
	}

	@Test
	void aTestThatBuildsABareHttpClientBreaksTheRule() {
		// fixture.prism.partner.PartnerOwnHttpCall builds one and validates nothing.
		assertThatThrownBy(() -> tests_hold_every_answer_to_the_contract
			.check(new ClassFileImporter().importPackages("fixture.prism.partner")))
			.isInstanceOf(AssertionError.class)
			.hasMessageContaining("PartnerOwnHttpCall");
	}

	private static final URI PRODUCT = URI.create("http://127.0.0.1/partner/api/v1/products/SKU-1001");

	private static final String PRODUCT_JSON = """
			{"sku":"SKU-1001","name":"Trail Runner 2","brand":"Northpeak","category":"shoes",
			 "images":["https://img.example/SKU-1001/main.jpg"],"updatedAt":"2026-11-01T10:00:00Z",
			 "price":{"currency":"EUR","amount":"89.90","listAmount":"109.90"},
			 "availability":{"sku":"SKU-1001","status":"IN_STOCK","quantity":12}}""";

	private static Map<String, List<String>> headers(String contentType) {
		Map<String, List<String>> headers = new LinkedHashMap<>();
		headers.put("Content-Type", List.of(contentType));
		headers.put("X-Request-Id", List.of("7f3c2a9e51b04c1d8e6f2a10"));
		headers.put("RateLimit-Limit", List.of("600"));
		headers.put("RateLimit-Remaining", List.of("599"));
		headers.put("RateLimit-Reset", List.of("60"));
		headers.put("Cache-Control", List.of("no-cache, private"));
		headers.put("Date", List.of("Tue, 01 Dec 2026 09:00:00 GMT"));
		return headers;
	}

	private static List<String> violations(int status, Map<String, List<String>> headers, String body) {
		return ContractValidation.violations("GET", PRODUCT, status, headers,
				body.getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void aCorrectAnswerHasNoViolations() {
		assertThat(violations(200, headers("application/json"), PRODUCT_JSON)).isEmpty();
	}

	@Test
	void anUndeclaredPropertyIsAViolation() {
		String leaky = PRODUCT_JSON.replace("\"brand\"", "\"internalHost\":\"db-7.internal\",\"brand\"");
		assertThat(violations(200, headers("application/json"), leaky)).anySatisfy(
				violation -> assertThat(violation).contains("additionalProperties").contains("internalHost"));
	}

	@Test
	void aPropertyOfTheWrongTypeIsAViolation() {
		String wrong = PRODUCT_JSON.replace("\"quantity\":12", "\"quantity\":\"twelve\"");
		assertThat(violations(200, headers("application/json"), wrong)).isNotEmpty();
	}

	@Test
	void aNullPriceIsData() {
		String noPrice = PRODUCT_JSON.replaceAll("\"price\":\\{[^}]*}", "\"price\":null");
		assertThat(noPrice).contains("\"price\":null");
		assertThat(violations(200, headers("application/json"), noPrice)).isEmpty();
	}

	@Test
	void aNullWhereTheContractAllowsNoneIsAViolation() {
		String noName = PRODUCT_JSON.replace("\"name\":\"Trail Runner 2\"", "\"name\":null");
		assertThat(violations(200, headers("application/json"), noName)).isNotEmpty();
	}

	@Test
	void aProblemWithoutItsTypeIsAViolation() {
		URI order = URI.create("http://127.0.0.1/partner/api/v1/orders/o-1");
		assertThat(ContractValidation.violations("GET", order, 404, headers("application/problem+json"),
				"{\"title\":\"Not Found\",\"status\":404}".getBytes(StandardCharsets.UTF_8)))
			.anySatisfy(violation -> assertThat(violation).contains("required"));
	}

	@Test
	void anUndeclaredStatusIsAViolation() {
		assertThat(violations(418, headers("application/problem+json"), "{\"status\":418}"))
			.anySatisfy(violation -> assertThat(violation).contains("validation.response.status.unknown"));
	}

	@Test
	void anUndeclaredHeaderIsAViolation() {
		Map<String, List<String>> headers = headers("application/json");
		headers.put("X-Upstream-Host", List.of("db-7.internal"));
		assertThat(violations(200, headers, PRODUCT_JSON)).anySatisfy(violation -> assertThat(violation)
			.contains(ContractValidation.UNDECLARED_HEADER)
			.contains("X-Upstream-Host"));
	}

	@Test
	void aWrongMediaTypeIsAViolation() {
		assertThat(violations(200, headers("text/plain"), PRODUCT_JSON))
			.anySatisfy(violation -> assertThat(violation).contains("contentType"));
	}

	@Test
	void anAnswerWithoutItsRequestIdIsAViolation() {
		Map<String, List<String>> headers = headers("application/json");
		headers.remove("X-Request-Id");
		assertThat(violations(200, headers, PRODUCT_JSON))
			.anySatisfy(violation -> assertThat(violation).contains("X-Request-Id"));
	}

	@Test
	void anErrorThatIsNoProblemDetailIsAViolation() {
		assertThat(violations(404, headers("application/json"), PRODUCT_JSON)).isNotEmpty();
	}

	@Test
	void anUnknownRouteMustAnswerAClientErrorProblem() {
		URI unknown = URI.create("http://127.0.0.1/partner/api/v1/secrets");
		byte[] problem = """
				{"type":"urn:prism:problem:not-found","title":"Not Found","status":404,"requestId":"r-1"}"""
			.getBytes(StandardCharsets.UTF_8);
		assertThat(ContractValidation.violations("GET", unknown, 404, headers("application/problem+json"), problem))
			.isEmpty();
		assertThat(ContractValidation.violations("GET", unknown, 200, headers("application/json"),
				PRODUCT_JSON.getBytes(StandardCharsets.UTF_8)))
			.hasSizeGreaterThanOrEqualTo(2);
	}

	@Test
	void pathsOfNoChannelAreNotTheContractsBusiness() {
		assertThat(ContractValidation.violations("GET", URI.create("http://127.0.0.1/actuator/health"), 200,
				Map.of(), new byte[0])).isEmpty();
	}

	@Test
	void everyAutoConfiguredMockMvcValidatesItsAnswers() throws Exception {
		// Given a MockMvc as @AutoConfigureMockMvc builds it: with the customizer its imports file names
		assertThat(new ClassPathResource("META-INF/spring/"
				+ "org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc.imports")
			.getContentAsString(StandardCharsets.UTF_8))
			.contains(ContractValidationMockMvcConfiguration.class.getName());
		// and a handler that answers a partner product with a property the contract does not have
		RouterFunctionMockMvcBuilder builder = MockMvcBuilders.routerFunctions(RouterFunctions.route()
			.GET("/partner/api/v1/products/{sku}", request -> ServerResponse.ok()
				.header("X-Request-Id", "r-1")
				.header("RateLimit-Limit", "600")
				.header("RateLimit-Remaining", "599")
				.header("RateLimit-Reset", "60")
				.contentType(org.springframework.http.MediaType.APPLICATION_JSON)
				.body(Map.of("sku", request.pathVariable("sku"), "name", "Trail Runner 2", "internalHost",
						"db-7.internal")))
			.build());
		new ContractValidationMockMvcConfiguration().contractValidation().customize(builder);
		MockMvc mvc = builder.build();

		// When it answers, the request fails the test
		assertThatThrownBy(() -> mvc.perform(get("/partner/api/v1/products/SKU-1001")))
			.isInstanceOf(AssertionError.class)
			.hasMessageContaining("internalHost");
	}

	@Test
	void theValidatingHttpClientFailsOnAWrongAnswer() throws Exception {
		// Given a server that answers a partner product without its correlation id, with a header no one declared
		WireMockServer server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
		server.start();
		try {
			server.stubFor(WireMock.get("/partner/api/v1/products/SKU-1001")
				.willReturn(WireMock.okJson(PRODUCT_JSON).withHeader("X-Upstream-Host", "db-7.internal")));
			HttpClient client = ContractValidation.validating(HttpClient.newHttpClient());

			// When a test asks it, the test fails
			assertThatThrownBy(() -> client.send(
					HttpRequest.newBuilder(URI.create(server.baseUrl() + "/partner/api/v1/products/SKU-1001")).build(),
					HttpResponse.BodyHandlers.ofString()))
				.isInstanceOf(AssertionError.class)
				.satisfies(failure -> assertThat(failure.getMessage()).containsIgnoringCase("x-upstream-host")
					.contains("X-Request-Id"));
		}
		finally {
			server.stop();
		}
	}

}
