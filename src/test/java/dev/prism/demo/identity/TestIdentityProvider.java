package dev.prism.demo.identity;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;

import com.nimbusds.jose.jwk.source.JWKSource;

import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationListener;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo OpenID provider as a real provider for tests of other modules (Prism's web channel logging in through it):
 * started with the demo profile's settings on a free port, its tokens timed by a clock the test moves, and watched —
 * what its token endpoint was asked (grants by type) and answered (every token it issued, so a test can look for them
 * where they must not be), the revocations it served. It can stop answering for a while ({@link #suspend()}: its port
 * refuses connections) and hold refresh requests until a test lets them go.
 */
public final class TestIdentityProvider implements AutoCloseable {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final MovableClock clock = new MovableClock();

	private final DemoIdentityProviderProperties settings = DemoIdentityProviderTests.demoSettings();

	private final AtomicInteger refreshGrants = new AtomicInteger();

	private final AtomicInteger authorizationCodeGrants = new AtomicInteger();

	private final AtomicInteger jwkSetRequests = new AtomicInteger();

	private final List<String> issued = new CopyOnWriteArrayList<>();

	private final List<String> issuedRefreshTokens = new CopyOnWriteArrayList<>();

	private final List<String> issuedAccessTokens = new CopyOnWriteArrayList<>();

	private final java.util.Map<String, AtomicInteger> grants = new java.util.concurrent.ConcurrentHashMap<>();

	private final List<java.util.Map<String, String>> exchanges = new CopyOnWriteArrayList<>();

	private final List<String> issuedIdTokens = new CopyOnWriteArrayList<>();

	private final List<String> revoked = new CopyOnWriteArrayList<>();

	private final AtomicReference<CountDownLatch> heldRefreshes = new AtomicReference<>();

	private final AtomicReference<Duration> refreshDelay = new AtomicReference<>(Duration.ZERO);

	private final AtomicReference<WebServer> server = new AtomicReference<>();

	private final AtomicReference<GenericApplicationContext> context = new AtomicReference<>();

	private final DemoIdentityProvider provider;

	private TestIdentityProvider() {
		this.provider = DemoIdentityProvider.start(this.settings, this.clock, context -> {
			this.context.set(context);
			FilterRegistrationBean<Filter> watch = new FilterRegistrationBean<>(new Watch());
			watch.setOrder(Ordered.HIGHEST_PRECEDENCE);
			context.registerBean("testWatch", FilterRegistrationBean.class, () -> watch);
			context.registerBean("testServer", ApplicationListener.class,
					() -> (ApplicationListener<WebServerInitializedEvent>) event -> this.server
						.set(event.getWebServer()));
		});
	}

	/** Starts one; close it when done. */
	public static TestIdentityProvider start() {
		return new TestIdentityProvider();
	}

	/** Its issuer, {@code http://127.0.0.1:<port>}. */
	public String issuer() {
		return this.provider.issuer();
	}

	public String clientId() {
		return this.settings.client().id();
	}

	public String clientSecret() {
		return this.settings.client().secret();
	}

	/**
	 * Makes this Prism's provider {@code demo} and each of {@code registrations} a client of it (its id and secret); the
	 * registrations' other keys (grant, scope, redirect URI) stay the test's.
	 */
	public void register(org.springframework.test.context.DynamicPropertyRegistry registry, String... registrations) {
		registry.add("spring.security.oauth2.client.provider.demo.issuer-uri", this::issuer);
		for (String registration : registrations) {
			registry.add("spring.security.oauth2.client.registration." + registration + ".client-id", this::clientId);
			registry.add("spring.security.oauth2.client.registration." + registration + ".client-secret",
					this::clientSecret);
		}
	}

	/** The provider's clock, which {@link #advance(Duration)} moves; a test may time Prism by it too. */
	public Clock clock() {
		return this.clock;
	}

	public void advance(Duration duration) {
		this.clock.advance(duration);
	}

	/**
	 * Signs JWTs with the provider's own key, as it signs its tokens: the logout tokens of a back-channel logout,
	 * which Spring Authorization Server never sends itself.
	 */
	@SuppressWarnings("unchecked")
	public JwtEncoder signer() {
		return new NimbusJwtEncoder(this.context.get().getBean(JWKSource.class));
	}

	/** Back to the system's time, and nothing held or delayed. */
	public void reset() {
		this.clock.reset();
		this.refreshDelay.set(Duration.ZERO);
		release();
	}

	/** Refresh-token grants its token endpoint was asked for so far. */
	public int refreshGrants() {
		return this.refreshGrants.get();
	}

	public int authorizationCodeGrants() {
		return this.authorizationCodeGrants.get();
	}

	/** Requests for its JWK set ({@code GET /oauth2/jwks}) so far. */
	public int jwkSetRequests() {
		return this.jwkSetRequests.get();
	}

	/** Requests its token endpoint got for {@code grantType} ({@code client_credentials}, a token exchange's URN, ...). */
	public int grants(String grantType) {
		AtomicInteger count = this.grants.get(grantType);
		return count != null ? count.get() : 0;
	}

	/** The token-exchange requests so far: their {@code audience}, {@code subject_token_type} and {@code subject_token}. */
	public List<java.util.Map<String, String>> exchanges() {
		return List.copyOf(this.exchanges);
	}

	/**
	 * A user's access token, as an app would get it: the authorization-code flow with PKCE at this provider, the user
	 * logging in on its login page (no Prism involved).
	 */
	public String userAccessToken(String username, String password) {
		String redirectUri = "http://127.0.0.1:8080/web/api/oauth2/code/demo";
		String verifier = java.util.UUID.randomUUID() + "-" + java.util.UUID.randomUUID();
		String challenge;
		try {
			challenge = java.util.Base64.getUrlEncoder()
				.withoutPadding()
				.encodeToString(java.security.MessageDigest.getInstance("SHA-256")
					.digest(verifier.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
		java.util.Map<String, String> request = new java.util.LinkedHashMap<>();
		request.put("response_type", "code");
		request.put("client_id", clientId());
		request.put("scope", "openid profile");
		request.put("redirect_uri", redirectUri);
		request.put("state", "s");
		request.put("code_challenge", challenge);
		request.put("code_challenge_method", "S256");
		DemoBrowser browser = new DemoBrowser();
		DemoBrowser.Navigation login = browser.navigate(
				java.net.URI.create(issuer() + "/oauth2/authorize?" + DemoBrowser.form(request)), username, password,
				uri -> uri.toString().startsWith(redirectUri));
		String code = DemoBrowser.query(login.location()).get("code");
		java.net.http.HttpResponse<String> token = browser.postForm(java.net.URI.create(issuer() + "/oauth2/token"),
				java.util.Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", redirectUri,
						"code_verifier", verifier),
				clientId() + ":" + clientSecret());
		if (token.statusCode() != 200) {
			throw new IllegalStateException("The provider refused the code: " + token.body());
		}
		return DemoBrowser.json(token).get("access_token").asString();
	}

	/** The access token it issued last. */
	public String lastAccessToken() {
		return this.issuedAccessTokens.get(this.issuedAccessTokens.size() - 1);
	}

	/** Every access, refresh and ID token it issued so far. */
	public List<String> issuedTokens() {
		return List.copyOf(this.issued);
	}

	/** The refresh token it issued last. */
	public String lastRefreshToken() {
		return this.issuedRefreshTokens.get(this.issuedRefreshTokens.size() - 1);
	}

	/** The ID token it issued last. */
	public String lastIdToken() {
		return this.issuedIdTokens.get(this.issuedIdTokens.size() - 1);
	}

	/** The tokens revoked at its revocation endpoint with a 200. */
	public List<String> revokedTokens() {
		return List.copyOf(this.revoked);
	}

	/** From now on, refresh requests wait until {@link #release()}. */
	public void holdRefreshes() {
		this.heldRefreshes.set(new CountDownLatch(1));
	}

	/** Lets held refresh requests go on. */
	public void release() {
		CountDownLatch held = this.heldRefreshes.getAndSet(null);
		if (held != null) {
			held.countDown();
		}
	}

	/** From now on, each refresh answers {@code delay} late. */
	public void delayRefreshes(Duration delay) {
		this.refreshDelay.set(delay);
	}

	/** Stops listening: connections to its port are refused until {@link #resume()}; its state is kept. */
	public void suspend() {
		Connector connector = connector();
		// Bound to port 0 at start: back on the same port, not on another free one.
		connector.setPort(connector.getLocalPort());
		try {
			connector.stop();
		}
		catch (LifecycleException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Listens again, on the same port. */
	public void resume() {
		Connector connector = connector();
		if (connector.getState() != LifecycleState.STARTED) {
			try {
				connector.start();
			}
			catch (LifecycleException ex) {
				throw new IllegalStateException(ex);
			}
		}
	}

	private Connector connector() {
		return ((TomcatWebServer) this.server.get()).getTomcat().getConnector();
	}

	@Override
	public void close() {
		release();
		this.provider.close();
	}

	/** Counts and records what the token and revocation endpoints were asked and answered. */
	private final class Watch extends OncePerRequestFilter {

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			if (!"POST".equals(request.getMethod())) {
				if (request.getRequestURI().equals("/oauth2/jwks")) {
					TestIdentityProvider.this.jwkSetRequests.incrementAndGet();
				}
				chain.doFilter(request, response);
				return;
			}
			if (request.getRequestURI().equals("/oauth2/token")) {
				String grant = request.getParameter("grant_type");
				if (grant != null) {
					TestIdentityProvider.this.grants.computeIfAbsent(grant, key -> new AtomicInteger()).incrementAndGet();
				}
				if ("urn:ietf:params:oauth:grant-type:token-exchange".equals(grant)) {
					java.util.Map<String, String> exchange = new java.util.HashMap<>();
					for (String name : List.of("audience", "subject_token_type", "subject_token")) {
						if (request.getParameter(name) != null) {
							exchange.put(name, request.getParameter(name));
						}
					}
					TestIdentityProvider.this.exchanges.add(exchange);
				}
				if ("refresh_token".equals(grant)) {
					TestIdentityProvider.this.refreshGrants.incrementAndGet();
					awaitRelease();
				}
				else if ("authorization_code".equals(grant)) {
					TestIdentityProvider.this.authorizationCodeGrants.incrementAndGet();
				}
				ContentCachingResponseWrapper recorded = new ContentCachingResponseWrapper(response);
				chain.doFilter(request, recorded);
				if (recorded.getStatus() == 200) {
					JsonNode tokens = json.readTree(recorded.getContentAsByteArray());
					record(tokens, "access_token", TestIdentityProvider.this.issuedAccessTokens);
					record(tokens, "refresh_token", TestIdentityProvider.this.issuedRefreshTokens);
					record(tokens, "id_token", TestIdentityProvider.this.issuedIdTokens);
				}
				recorded.copyBodyToResponse();
				return;
			}
			if (request.getRequestURI().equals("/oauth2/revoke")) {
				String token = request.getParameter("token");
				chain.doFilter(request, response);
				if (response.getStatus() == 200 && token != null) {
					TestIdentityProvider.this.revoked.add(token);
				}
				return;
			}
			chain.doFilter(request, response);
		}

		private void record(JsonNode tokens, String name, List<String> into) {
			JsonNode token = tokens.get(name);
			if (token != null && token.isString()) {
				TestIdentityProvider.this.issued.add(token.asString());
				if (into != null) {
					into.add(token.asString());
				}
			}
		}

		private void awaitRelease() {
			try {
				Duration delay = TestIdentityProvider.this.refreshDelay.get();
				if (!delay.isZero()) {
					Thread.sleep(delay.toMillis());
				}
				CountDownLatch held = TestIdentityProvider.this.heldRefreshes.get();
				if (held != null && !held.await(60, TimeUnit.SECONDS)) {
					throw new IllegalStateException("A held refresh was never released");
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

}
