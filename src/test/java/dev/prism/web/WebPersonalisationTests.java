package dev.prism.web;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import dev.prism.platform.experiments.Experiments;

/**
 * What a browser sees of its own over real HTTP: experiment variants that follow the customer (or an anonymous visitor,
 * without a server session), counted as exposures, and recommendations personalised once logged in.
 */
class WebPersonalisationTests extends WebEndToEndTestSupport {

	@Autowired
	MeterRegistry meters;

	private void stubHome() {
		stubCatalogPages(List.of("SKU-1001"), 8);
		stubPrices(Map.of("SKU-1001", "89.90"));
		stubStock(Map.of("SKU-1001", "IN_STOCK"));
	}

	@Test
	void experimentsFollowTheCustomerAcrossBrowsersAndAreCountedAsExposures() {
		stubHome();
		String expected = Experiments.assign("home-layout",
				new Experiments.Definition(List.of("grid", "carousel"), List.of(50, 50)), "c-1001");
		double before = exposures(expected);

		// Given alice logged in on two different browsers (bob may be locked out by the throttling test)
		for (int i = 0; i < 2; i++) {
			Browser browser = new Browser();
			assertThat(browser.logInAsAlice().statusCode()).isEqualTo(200);

			// When each opens the home page, both see the variant assigned to his customer id
			HttpResponse<String> home = browser.send("GET", "/web/api/home", null);
			assertThat(body(home).get("experiments").get("home-layout").asText()).isEqualTo(expected);
			assertThat(home.headers().firstValue("Cache-Control")).hasValueSatisfying(
					value -> assertThat(value).contains("private").doesNotContain("public"));
			assertThat(home.headers().allValues("Vary")).anySatisfy(
					vary -> assertThat(vary).containsIgnoringCase("cookie"));
		}

		// Then each exposure was counted under the experiment and variant
		assertThat(exposures(expected) - before).isEqualTo(2.0);
	}

	@Test
	void anAnonymousVisitorKeepsItsVariantThroughAnHttpOnlyCookieWithoutAServerSession() {
		stubHome();
		Browser browser = new Browser();

		HttpResponse<String> home = browser.send("GET", "/web/api/home", null);

		assertThat(home.statusCode()).isEqualTo(200);
		assertThat(home.headers().allValues("Set-Cookie")).anySatisfy(cookie -> assertThat(cookie)
			.startsWith(WebCatalogController.VISITOR_COOKIE + "=")
			.contains("HttpOnly")
			.contains("SameSite=Lax"));
		String variant = body(home).get("experiments").get("home-layout").asText();
		assertThat(variant).isIn("grid", "carousel");
		for (int visit = 0; visit < 3; visit++) {
			assertThat(body(browser.send("GET", "/web/api/home", null)).get("experiments").get("home-layout").asText())
				.isEqualTo(variant);
		}
		assertThat(browser.cookie("PRISM_SESSION")).isNull();
	}

	@Test
	void recommendationsArePersonalisedOnceTheVisitorLogsIn() {
		stubProducts(List.of("SKU-1001"));
		stubCatalogBatch(List.of("SKU-1002"));
		stubPrices(Map.of("SKU-1001", "89.90", "SKU-1002", "49.00"));
		stubStock(Map.of("SKU-1001", "IN_STOCK", "SKU-1002", "IN_STOCK"));
		stubReviews("SKU-1001");
		stubRecommendations(List.of("SKU-1002"));
		Browser browser = new Browser();

		// Given an anonymous visitor: everyone's recommendations, a short public cache
		HttpResponse<String> anonymous = browser.send("GET", "/web/api/products/SKU-1001", null);
		assertThat(body(anonymous).get("degraded")).as(anonymous.body()).isEmpty();
		assertThat(anonymous.headers().firstValue("Cache-Control")).hasValueSatisfying(
				value -> assertThat(value).contains("public").contains("max-age=30"));
		upstreams.verify(1, getRequestedFor(urlPathEqualTo("/recommendations/recommendations"))
			.withoutQueryParam("customerId"));

		// When the visitor logs in and opens the same product
		browser.logInAsAlice();
		HttpResponse<String> personal = browser.send("GET", "/web/api/products/SKU-1001", null);

		// Then the recommendations are asked for the customer, and the page is private to the session
		assertThat(personal.statusCode()).isEqualTo(200);
		assertThat(body(personal).get("recommendations").get(0).get("name").asText()).isEqualTo("Product SKU-1002");
		upstreams.verify(1, getRequestedFor(urlPathEqualTo("/recommendations/recommendations"))
			.withQueryParam("customerId", equalTo("c-1001")));
		assertThat(personal.headers().firstValue("Cache-Control")).hasValueSatisfying(
				value -> assertThat(value).contains("private").doesNotContain("public").doesNotContain("max-age"));
		for (HttpResponse<String> page : List.of(anonymous, personal)) {
			assertThat(page.headers().allValues("Vary")).anySatisfy(
					vary -> assertThat(vary).containsIgnoringCase("cookie"));
		}
	}

	private double exposures(String variant) {
		var counter = this.meters.find("prism.web.experiment.exposures")
			.tags("experiment", "home-layout", "variant", variant)
			.counter();
		return counter == null ? 0 : counter.count();
	}

}
