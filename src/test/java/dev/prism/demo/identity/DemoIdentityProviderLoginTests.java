package dev.prism.demo.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.prism.PrismApplication;

/**
 * Prism as {@code ./mvnw spring-boot:run} starts it — profile demo, demo upstreams and the demo OpenID provider
 * embedded — and a browser logging alice in with "Northpeak ID": from Prism's {@code /web/api/oauth2/authorization/demo}
 * through the provider's login page back to Prism, which then knows her and her customer account, and has kept every
 * token to itself.
 */
@SpringBootTest(classes = PrismApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DemoIdentityProviderLoginTests {

	@LocalServerPort
	int port;

	@Test
	void aliceLogsInWithNorthpeakIdAndLandsBackInPrismLoggedIn() {
		DemoBrowser browser = new DemoBrowser();
		// As the README has it: Prism at localhost, the provider at 127.0.0.1
		String prism = "http://localhost:" + this.port;

		// Given alice starts the login in Prism, and types her password on the provider's login page
		DemoBrowser.Navigation login = browser.navigate(URI.create(prism + "/web/api/oauth2/authorization/demo"),
				"alice", "wonderland", uri -> uri.toString().equals(prism + "/"));

		// Then the browser went to the provider, logged in there, came back to Prism's callback and on to the storefront
		assertThat(login.loginFormFilled()).isTrue();
		assertThat(login.visited()).anySatisfy(uri -> assertThat(uri.getPath()).isEqualTo("/login"))
			.anySatisfy(uri -> assertThat(uri.toString()).startsWith(prism + "/web/api/oauth2/code/demo?code="));
		assertThat(login.visited().get(1).getPort()).as("the provider has a port of its own").isNotEqualTo(this.port);
		assertThat(login.location()).isEqualTo(URI.create(prism + "/"));

		// And Prism's session is alice's, with her customer account from the ID token
		HttpResponse<String> session = browser.getJson(URI.create(prism + "/web/api/session"));
		assertThat(session.statusCode()).isEqualTo(200);
		assertThat(session.body()).contains("\"username\":\"alice\"").contains("\"customerId\":\"c-1001\"");
		HttpResponse<String> account = browser.getJson(URI.create(prism + "/web/api/account"));
		assertThat(account.statusCode()).as(account.body()).isEqualTo(200);
		assertThat(account.body()).contains("Alice Example");

		// And the browser holds cookies only: Prism's session and CSRF token, and the provider's own session
		assertThat(browser.cookieNames()).containsExactlyInAnyOrder("PRISM_SESSION", "XSRF-TOKEN",
				DemoIdentityProviderConfiguration.SESSION_COOKIE);
		for (HttpResponse<String> answer : new HttpResponse[] { login.answer(), session, account }) {
			assertThat(answer.body()).as("no JWT").doesNotContain("eyJ");
			assertThat(answer.headers().map().toString()).doesNotContain("eyJ");
		}
	}

}
