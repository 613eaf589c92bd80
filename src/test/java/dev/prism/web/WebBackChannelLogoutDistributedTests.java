package dev.prism.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.prism.PrismApplication;
import dev.prism.demo.identity.TestIdentityProvider;

/**
 * Back-channel logout across two Prism instances (profile distributed) sharing their web sessions and the OpenID
 * session registry in a real Redis: a logout token sent to one instance ends sessions a browser logged in on the
 * other, by {@code sid} or by {@code sub}; the registry holds ids only, and expires with the session's lifetime.
 */
@Tag("redis")
class WebBackChannelLogoutDistributedTests {

	static final String KEY = "kX3aW4mB8pQ2rT6vY9zC1dF5gH7jK0nL3oP6sU8wXyA=";

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
					"--prism.web.oidc.session-max-lifetime=2h",
					"--spring.security.oauth2.client.registration.demo.client-id=" + provider.clientId(),
					"--spring.security.oauth2.client.registration.demo.client-secret=" + provider.clientSecret(),
					"--spring.security.oauth2.client.registration.demo.scope=openid,profile,email",
					"--spring.security.oauth2.client.registration.demo.redirect-uri={baseUrl}/web/api/oauth2/code/{registrationId}",
					"--spring.security.oauth2.client.provider.demo.issuer-uri=" + provider.issuer());
			instances.add(new SpringApplicationBuilder(PrismApplication.class).profiles("demo", "distributed")
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

	static String sessionId(OidcBrowser browser) {
		return new String(Base64.getDecoder().decode(browser.cookie("PRISM_SESSION")), StandardCharsets.UTF_8);
	}

	static boolean sessionStored(String sessionId) {
		return redisData.sync().exists("prism:session:v2:sessions:" + sessionId) == 1;
	}

	@Test
	void aLogoutTokenSentToOneInstanceEndsTheSessionLoggedInOnTheOther() {
		// Given alice logged in on instance 0, her session also serving instance 1
		OidcBrowser alice = OidcBrowser.loggedInAsAlice(base(0));
		String sid = BackChannelLogouts.lastSid(provider);
		String sessionId = sessionId(alice);
		OidcBrowser other = OidcBrowser.loggedInAsAlice(base(0));
		assertThat(alice.getJson(URI.create(base(1) + "/web/api/session")).statusCode()).isEqualTo(200);

		// And the registry in Redis links her provider session to her web session with ids only, for its lifetime
		String entry = RedisOidcSessionRegistry.PREFIX + "session:" + sessionId;
		String index = RedisOidcSessionRegistry.sidKey(provider.issuer(), sid);
		assertThat(redisData.sync().smembers(index)).containsExactly(sessionId);
		assertThat(redisData.sync().hgetall(entry)).containsEntry("sid", sid)
			.containsEntry("sub", "alice")
			.containsEntry("iss", provider.issuer());
		assertThat(redisData.sync().pttl(entry)).isPositive().isLessThanOrEqualTo(2 * 3600 * 1000L);
		StringBuilder registry = new StringBuilder();
		for (String key : redisData.sync().keys(RedisOidcSessionRegistry.PREFIX + "*")) {
			registry.append(key).append(redisData.sync().type(key).equals("hash") ? redisData.sync().hgetall(key)
					: redisData.sync().smembers(key));
		}
		for (String token : provider.issuedTokens()) {
			assertThat(registry.toString()).doesNotContain(token);
		}

		// When the provider sends instance 1 the logout of her first provider session
		HttpResponse<String> answer = BackChannelLogouts.post(base(1), "demo", BackChannelLogouts.forSid(provider, sid));

		// Then that session is gone from Redis and from both instances; her other session is not
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		assertThat(sessionStored(sessionId)).isFalse();
		assertThat(alice.get("/web/api/session").statusCode()).isEqualTo(401);
		assertThat(alice.getJson(URI.create(base(1) + "/web/api/session")).statusCode()).isEqualTo(401);
		assertThat(other.get("/web/api/session").statusCode()).isEqualTo(200);
		assertThat(redisData.sync().exists(entry)).isZero();
		assertThat(redisData.sync().smembers(index)).isEmpty();
	}

	@Test
	void aLogoutTokenWithOnlySubEndsTheUsersSessionsOnEveryInstance() {
		// Given bob logged in once on each instance
		OidcBrowser onFirst = loggedInAsBob(base(0));
		OidcBrowser onSecond = loggedInAsBob(base(1));
		OidcBrowser alice = OidcBrowser.loggedInAsAlice(base(1));

		// When the provider sends instance 0 the logout of bob everywhere
		HttpResponse<String> answer = BackChannelLogouts.post(base(0), "demo",
				BackChannelLogouts.forSubject(provider, "bob"));

		// Then both of his sessions are gone, and alice's is not
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		assertThat(sessionStored(sessionId(onFirst))).isFalse();
		assertThat(sessionStored(sessionId(onSecond))).isFalse();
		assertThat(onFirst.get("/web/api/session").statusCode()).isEqualTo(401);
		assertThat(onSecond.get("/web/api/session").statusCode()).isEqualTo(401);
		assertThat(alice.get("/web/api/session").statusCode()).isEqualTo(200);
		assertThat(redisData.sync().smembers(RedisOidcSessionRegistry.subKey(provider.issuer(), "bob"))).isEmpty();
	}

	static OidcBrowser loggedInAsBob(String base) {
		OidcBrowser browser = new OidcBrowser(base);
		OidcBrowser.Navigation login = browser.navigate(browser.uri("/web/api/oauth2/authorization/demo"), "bob",
				"builder", uri -> uri.toString().equals(base + "/"));
		assertThat(login.answer().statusCode()).as(() -> login.visited() + ": " + login.answer().body())
			.isEqualTo(302);
		assertThat(browser.get("/web/api/session").statusCode()).isEqualTo(200);
		return browser;
	}

}
