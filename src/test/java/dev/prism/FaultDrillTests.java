package dev.prism;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.prism.testing.EndToEndTestSupport;
import dev.prism.testing.TestTokens;
import tools.jackson.databind.JsonNode;

/**
 * Fault drills: each upstream in turn slow past the deadline, down, resetting connections and answering garbage,
 * with the answer each channel is designed to give — an honest degraded page for web and mobile, a complete answer
 * or an error with {@code Retry-After} for partners — and never anything internal.
 */
class FaultDrillTests extends EndToEndTestSupport {

	enum Kind {

		SLOW(aResponse().withFixedDelay(2_500).withStatus(200)), DOWN(aResponse().withStatus(503)),
		RESET(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)),
		GARBAGE(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("{\"items\":[tru"));

		final ResponseDefinitionBuilder response;

		Kind(ResponseDefinitionBuilder response) {
			this.response = response;
		}

	}

	static Stream<Arguments> drills() {
		return Stream.of(Kind.values())
			.flatMap(kind -> Stream.of(Arguments.of("catalog", "/products/SKU-1001", kind),
					Arguments.of("pricing", "/prices", kind), Arguments.of("inventory", "/availability", kind),
					Arguments.of("reviews", "/products/SKU-1001/reviews", kind),
					Arguments.of("recommendations", "/recommendations", kind)));
	}

	private void stubHealthyUpstreams() {
		stubProducts(List.of("SKU-1001"));
		stubCatalogBatch(List.of("SKU-1002"));
		stubPrices(Map.of("SKU-1001", "89.90", "SKU-1002", "10.00"));
		stubStock(Map.of("SKU-1001", "IN_STOCK", "SKU-1002", "IN_STOCK"));
		stubReviews("SKU-1001");
		stubRecommendations(List.of("SKU-1002"));
	}

	@ParameterizedTest(name = "{0} {2}")
	@MethodSource("drills")
	void eachChannelAnswersAsDesigned(String service, String path, Kind kind) {
		stubHealthyUpstreams();
		upstreams.stubFor(getPath(service, path).atPriority(1).willReturn(kind.response));
		String section = switch (service) {
			case "pricing" -> "price";
			case "inventory" -> "availability";
			default -> service;
		};

		HttpResponse<String> web = get("/web/api/products/SKU-1001");
		HttpResponse<String> mobile = get("/mobile/api/products/SKU-1001", "Authorization",
				TestTokens.bearer(TestTokens.mobile("c-1001")));
		HttpResponse<String> partner = get("/partner/api/v1/products/SKU-1001", "X-Api-Key", "acme-demo-key");

		for (HttpResponse<String> answer : List.of(web, mobile, partner)) {
			assertThat(answer.body()).doesNotContain("Exception").doesNotContain("127.0.0.1:" + upstreams.port());
		}
		if (service.equals("catalog")) {
			// The product itself is required everywhere: an error with Retry-After, no partial page.
			for (HttpResponse<String> answer : List.of(web, mobile, partner)) {
				assertThat(answer.statusCode()).isIn(502, 503, 504);
				assertThat(answer.headers().firstValue("Retry-After")).isPresent();
			}
			return;
		}
		assertThat(web.statusCode()).isEqualTo(200);
		assertThat(degraded(web)).contains(section);
		boolean mobileUses = !service.equals("recommendations");
		assertThat(mobile.statusCode()).isEqualTo(200);
		assertThat(degraded(mobile)).isEqualTo(mobileUses ? List.of(section) : List.of());
		boolean partnerNeeds = service.equals("pricing") || service.equals("inventory");
		if (partnerNeeds) {
			assertThat(partner.statusCode()).isIn(502, 503, 504);
			assertThat(partner.headers().firstValue("Retry-After")).isPresent();
		}
		else {
			assertThat(partner.statusCode()).isEqualTo(200);
		}
	}

	@org.junit.jupiter.api.Test
	void anUpstreamOutageShowsInHealthDetailsButNeverInReadiness() {
		stubHealthyUpstreams();
		upstreams.stubFor(getPath("catalog", "/products/SKU-1001").atPriority(1).willReturn(aResponse().withStatus(503)));
		for (int i = 0; i < 12; i++) {
			get("/web/api/products/SKU-1001");
		}

		HttpResponse<String> health = get("/actuator/health", "Authorization", "Basic YWRtaW46YWRtaW4tZGVtbw==");
		assertThat(body(health).get("components").get("upstreams").get("details").get("circuits").get("catalog")
			.get("state")
			.asText()).isEqualTo("OPEN");
		assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
		assertThat(body(get("/actuator/health/readiness")).get("status").asText()).isEqualTo("UP");
		assertThat(get("/actuator/health").body()).doesNotContain("circuits");
	}

	private static List<String> degraded(HttpResponse<String> response) {
		JsonNode degraded = body(response).get("degraded");
		return degraded == null ? List.of() : degraded.valueStream().map(JsonNode::asText).toList();
	}

}
