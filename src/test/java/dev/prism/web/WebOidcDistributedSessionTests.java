package dev.prism.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import tools.jackson.databind.json.JsonMapper;

import dev.prism.PrismApplication;
import dev.prism.demo.identity.TestIdentityProvider;

/**
 * Two Prism instances (profile distributed) sharing their web sessions in a real Redis, one OpenID provider (the
 * demo's Spring Authorization Server, which rotates refresh tokens) and one encryption key: requests of one session
 * on both instances share one refresh (a Redis lock per session; the tokens re-read after it and saved before it is
 * released), the session in Redis holds no token in the clear, and the renewed ID token is what the other instance's
 * logout sends to the provider.
 */
@Tag("redis")
class WebOidcDistributedSessionTests {

	static final String KEY = "kX3aW4mB8pQ2rT6vY9zC1dF5gH7jK0nL3oP6sU8wXyA=";

	static final JsonMapper json = JsonMapper.builder().build();

	static dev.prism.testing.RedisServer redis;

	static RedisClient redisClient;

	static StatefulRedisConnection<String, String> redisData;

	static TestIdentityProvider provider;

	static final List<ConfigurableApplicationContext> instances = new ArrayList<>();

	@BeforeAll
	static void start() {
		redis = dev.prism.testing.RedisServer.start();
		redisClient = RedisClient.create(RedisURI.create("127.0.0.1", redis.port()));
		redisData = redisClient.connect();
		provider = TestIdentityProvider.start();
		for (int i = 0; i < 2; i++) {
			List<String> args = List.of("--server.port=0", "--prism.demo.identity-provider.enabled=false",
					"--spring.data.redis.port=" + redis.port(), "--prism.web.session.encryption-key=" + KEY,
					"--spring.security.oauth2.client.registration.demo.client-id=" + provider.clientId(),
					"--spring.security.oauth2.client.registration.demo.client-secret=" + provider.clientSecret(),
					"--spring.security.oauth2.client.registration.demo.scope=openid,profile,email",
					"--spring.security.oauth2.client.registration.demo.redirect-uri={baseUrl}/web/api/oauth2/code/{registrationId}",
					"--spring.security.oauth2.client.provider.demo.issuer-uri=" + provider.issuer());
			instances.add(new SpringApplicationBuilder(PrismApplication.class).profiles("demo", "distributed")
				// Both keep the provider's time
				.initializers(context -> context.getBeanFactory().registerSingleton("prismClock", provider.clock()))
				.run(args.toArray(String[]::new)));
		}
	}

	@AfterAll
	static void stop() {
		instances.forEach(ConfigurableApplicationContext::close);
		provider.close();
		redisData.close();
		redisClient.shutdown();
		redis.close();
	}

	static String base(int instance) {
		return "http://localhost:" + instances.get(instance).getEnvironment().getProperty("local.server.port");
	}

	static int lockUsers() {
		return instances.stream()
			.mapToInt(instance -> ((RedisWebTokenRefreshLocks) instance.getBean(WebTokenRefreshLocks.class)).users())
			.sum();
	}

	@Test
	void requestsOfOneSessionOnBothInstancesShareOneRefreshAndTheOtherInstanceLogsOutWithItsIdToken() {
		// Given alice logged in on instance 0 (her browser sends the session cookie to both: they share a host)
		OidcBrowser browser = OidcBrowser.loggedInAsAlice(base(0));
		assertThat(browser.getJson(URI.create(base(1) + "/web/api/session")).body()).contains("\"username\":\"alice\"");

		// And her session in Redis holds no token and no client secret in the clear
		String sessionId = new String(Base64.getDecoder().decode(browser.cookie("PRISM_SESSION")),
				StandardCharsets.UTF_8);
		Map<String, String> stored = redisData.sync().hgetall("prism:session:v2:sessions:" + sessionId);
		assertThat(stored).containsKey("sessionAttr:" + WebSessionTokenRepository.ATTRIBUTE);
		for (String token : provider.issuedTokens()) {
			assertThat(stored.toString()).doesNotContain(token);
		}
		assertThat(stored.toString()).doesNotContain(provider.clientSecret());

		// When her access token is due and four requests reach each instance while the provider answers the refresh
		int refreshes = provider.refreshGrants();
		provider.advance(Duration.ofMinutes(4));
		provider.holdRefreshes();
		List<CompletableFuture<HttpResponse<String>>> parallel = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			parallel.add(browser.getAsync(URI.create(base(i % 2) + "/web/api/session")));
		}
		WebOidcSessionTests.awaitUntil(() -> lockUsers() == 8, "all eight requests at the session's refresh lock");
		provider.release();

		// Then all are answered, and the provider saw one refresh
		for (CompletableFuture<HttpResponse<String>> answer : parallel) {
			assertThat(answer.join().statusCode()).isEqualTo(200);
		}
		assertThat(provider.refreshGrants()).isEqualTo(refreshes + 1);

		// And the refreshed tokens serve both instances past the old token's expiry, without another refresh
		provider.advance(Duration.ofMinutes(2));
		assertThat(browser.get("/web/api/session").statusCode()).isEqualTo(200);
		assertThat(browser.getJson(URI.create(base(1) + "/web/api/session")).statusCode()).isEqualTo(200);
		assertThat(provider.refreshGrants()).isEqualTo(refreshes + 1);

		// When she logs out on instance 1, it sends the provider the ID token of the refresh, wherever it happened
		HttpResponse<String> logout = browser.send("DELETE", URI.create(base(1) + "/web/api/session"), null);
		assertThat(logout.statusCode()).as(logout.body()).isEqualTo(200);
		URI logoutUrl = URI.create(json.readTree(logout.body()).get("logoutUrl").asString());
		assertThat(OidcBrowser.query(logoutUrl)).containsEntry("id_token_hint", provider.lastIdToken());
		assertThat(provider.revokedTokens()).contains(provider.lastRefreshToken());
		assertThat(browser.get("/web/api/session").statusCode()).isEqualTo(401);
		assertThat(redisData.sync().exists("prism:session:v2:sessions:" + sessionId)).isZero();
	}

}
