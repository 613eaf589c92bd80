package dev.prism.demo.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;

import tools.jackson.databind.JsonNode;

import dev.prism.PrismApplication;
import dev.prism.testing.ContractValidation;
import dev.prism.web.OidcBrowser;

/**
 * The relay of the user's identity as {@code ./mvnw spring-boot:run} shows it — profile demo, demo upstreams and the
 * demo OpenID provider embedded — with the demo customers and orders services checking every call's token: alice's
 * web session, bob's app token from {@code POST /demo/mobile-token} and a partner each reach them with a token the
 * provider issued for that service (the users' tokens exchanged, Prism's own identity for the partner and for a
 * password session), and a token opens only its own service and its own user's data.
 */
@SpringBootTest(classes = PrismApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DemoIdentityRelayTests {

	static final String EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";

	static final String ACCESS_TOKEN = "urn:ietf:params:oauth:token-type:access_token";

	@LocalServerPort
	int port;

	@Autowired
	Environment environment;

	final HttpClient http = ContractValidation
		.validating(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());

	/** Calls of the demo upstreams themselves, held to their contract. */
	final HttpClient upstreams = ContractValidation
		.validatingUpstreams(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());

	String prism() {
		return "http://localhost:" + this.port;
	}

	String issuer() {
		return this.environment.getRequiredProperty("spring.security.oauth2.client.provider.demo.issuer-uri");
	}

	String upstream(String service) {
		return this.environment.getRequiredProperty("prism.upstreams." + service + ".base-url");
	}

	HttpResponse<String> send(HttpClient client, HttpRequest.Builder request) throws Exception {
		return client.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
	}

	HttpResponse<String> upstreamGet(String url, String bearer) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/json");
		if (bearer != null) {
			request.header("Authorization", "Bearer " + bearer);
		}
		return send(this.upstreams, request);
	}

	String appToken(String customerId) throws Exception {
		HttpResponse<String> answer = send(this.http,
				HttpRequest.newBuilder(URI.create(prism() + "/demo/mobile-token"))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString("{\"customerId\":\"" + customerId + "\"}")));
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		return DemoBrowser.json(answer).path("accessToken").asText();
	}

	@Test
	void aliceWebSessionReachesTheCheckingServicesWithExchangedTokens() {
		DemoBrowser browser = new DemoBrowser();
		DemoBrowser.Navigation login = browser.navigate(URI.create(prism() + "/web/api/oauth2/authorization/demo"),
				"alice", "wonderland", uri -> uri.toString().equals(prism() + "/"));
		assertThat(login.loginFormFilled()).isTrue();

		// The account page needs customers and orders, which refuse calls without a token meant for them
		HttpResponse<String> account = browser.getJson(URI.create(prism() + "/web/api/account"));
		assertThat(account.statusCode()).as(account.body()).isEqualTo(200);
		assertThat(DemoBrowser.json(account).toString()).contains("Alice Example");
		assertThat(account.body()).doesNotContain("degraded");
	}

	@Test
	void theDemoMobileTokenIsTheProvidersAndItsUserSeesOnlyTheirOwnAccount() throws Exception {
		String token = appToken("c-1002");

		// The provider's token: its issuer and key, bob as the subject, his customer account as a claim
		JsonNode claims = DemoBrowser.claims(token);
		assertThat(claims.path("iss").asText()).isEqualTo(issuer());
		assertThat(claims.path("sub").asText()).isEqualTo("bob");
		assertThat(claims.path("customer_id").asText()).isEqualTo("c-1002");
		assertThat(claims.path("aud").toString()).contains("mobile");
		String header = new String(java.util.Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))));
		assertThat(header).contains("\"RS256\"");

		// Prism verifies it with the provider's JWK set; customers and orders see it exchanged
		HttpResponse<String> me = send(this.http, HttpRequest.newBuilder(URI.create(prism() + "/mobile/api/me"))
			.header("Authorization", "Bearer " + token)
			.header("X-App-Version", "9.9.9"));
		assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
		assertThat(me.body()).contains("Bob Builder");
		HttpResponse<String> order = send(this.http, HttpRequest.newBuilder(URI.create(prism() + "/mobile/api/orders"))
			.header("Authorization", "Bearer " + token)
			.header("X-App-Version", "9.9.9")
			.header("Content-Type", "application/json")
			.header("Idempotency-Key", UUID.randomUUID().toString())
			.POST(HttpRequest.BodyPublishers.ofString("{\"lines\":[{\"sku\":\"SKU-1001\",\"quantity\":1}]}")));
		assertThat(order.statusCode()).as(order.body()).isEqualTo(201);

		// The services themselves: no token, or the app's own token (meant for mobile), is refused
		assertThat(upstreamGet(upstream("customers") + "/customers/c-1002", null).statusCode()).isEqualTo(401);
		assertThat(upstreamGet(upstream("customers") + "/customers/c-1002", token).statusCode()).isEqualTo(401);

		// A token exchanged for orders opens orders, only bob's, and not customers
		String forOrders = exchange(token, "orders");
		assertThat(upstreamGet(upstream("orders") + "/customers/c-1002/orders", forOrders).statusCode())
			.isEqualTo(200);
		assertThat(upstreamGet(upstream("orders") + "/customers/c-1001/orders", forOrders).statusCode())
			.as("alice's orders with bob's token")
			.isEqualTo(403);
		assertThat(upstreamGet(upstream("customers") + "/customers/c-1002", forOrders).statusCode())
			.as("a token for orders at customers")
			.isEqualTo(401);
		assertThat(upstreamGet(upstream("customers") + "/customers/c-1002", exchange(token, "customers"))
			.statusCode()).isEqualTo(200);
	}

	@Test
	void aPartnerAndAPasswordSessionCarryPrismsOwnIdentity() throws Exception {
		// A partner has no user: its order reaches orders with Prism's service token
		HttpResponse<String> placed = send(this.http,
				HttpRequest.newBuilder(URI.create(prism() + "/partner/api/v1/orders"))
					.header("X-Api-Key", "acme-demo-key")
					.header("Content-Type", "application/json")
					.header("Idempotency-Key", UUID.randomUUID().toString())
					.POST(HttpRequest.BodyPublishers.ofString("{\"lines\":[{\"sku\":\"SKU-1001\",\"quantity\":1}]}")));
		assertThat(placed.statusCode()).as(placed.body()).isEqualTo(201);

		// A password session has no token of the provider: Prism's identity too
		OidcBrowser browser = new OidcBrowser(prism());
		browser.get("/web/api/session");
		HttpResponse<String> login = browser.send("POST", "/web/api/session",
				"{\"username\":\"bob\",\"password\":\"builder\"}");
		assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
		HttpResponse<String> account = browser.get("/web/api/account");
		assertThat(account.statusCode()).as(account.body()).isEqualTo(200);
		assertThat(account.body()).contains("Bob Builder");
	}

	/** What Prism's token exchange asks the provider for, asked by the test. */
	String exchange(String subjectToken, String audience) {
		HttpResponse<String> answer = new DemoBrowser().postForm(URI.create(issuer() + "/oauth2/token"),
				Map.of("grant_type", EXCHANGE, "subject_token", subjectToken, "subject_token_type", ACCESS_TOKEN,
						"audience", audience),
				"prism:prism-demo-idp-client-secret");
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		return DemoBrowser.json(answer).path("access_token").asText();
	}

}
