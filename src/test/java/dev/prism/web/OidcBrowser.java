package dev.prism.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.prism.testing.ContractValidation;

/**
 * A browser for the OpenID Connect tests: a cookie jar (on {@code localhost} Prism's cookies, on {@code 127.0.0.1}
 * the provider's), redirects followed one by one, the provider's login form filled in, Prism's CSRF cookie echoed on
 * writes; every answer of Prism held to the committed contract and kept, for the checks that no token leaked. Paths
 * are Prism's at {@code base}; full URIs go anywhere (another instance, the provider).
 */
public final class OidcBrowser {

	private static final Pattern CSRF = Pattern.compile(
			"<input[^>]*name=\"_csrf\"[^>]*value=\"([^\"]+)\"|<input[^>]*value=\"([^\"]+)\"[^>]*name=\"_csrf\"");

	public final CookieManager cookies = new CookieManager();

	public final List<HttpResponse<String>> answers = Collections.synchronizedList(new ArrayList<>());

	private final String base;

	private final HttpClient http = ContractValidation.validating(HttpClient.newBuilder()
		.cookieHandler(this.cookies)
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(10))
		.build());

	public OidcBrowser(String base) {
		this.base = base;
	}

	/** Where a navigation went and the answer it ended on. */
	record Navigation(List<URI> visited, boolean loginFormFilled, URI last, HttpResponse<String> answer) {

		URI location() {
			return this.last.resolve(this.answer.headers().firstValue("Location").orElseThrow());
		}

	}

	URI uri(String path) {
		return URI.create(this.base + path);
	}

	/** A GET of Prism's API, as the SPA's {@code fetch} sends it. */
	public HttpResponse<String> get(String path) {
		return getJson(uri(path));
	}

	HttpResponse<String> getJson(URI uri) {
		return send(HttpRequest.newBuilder(uri).header("Accept", "application/json").GET());
	}

	/** A GET as the browser navigates. */
	HttpResponse<String> get(URI uri) {
		return send(HttpRequest.newBuilder(uri)
			.header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
			.GET());
	}

	CompletableFuture<HttpResponse<String>> getAsync(URI uri) {
		return this.http
			.sendAsync(HttpRequest.newBuilder(uri).header("Accept", "application/json").build(),
					HttpResponse.BodyHandlers.ofString())
			.thenApply(answer -> {
				this.answers.add(answer);
				return answer;
			});
	}

	HttpResponse<String> send(String method, String path) {
		return send(method, uri(path), null);
	}

	public HttpResponse<String> send(String method, String path, String body) {
		return send(method, uri(path), body);
	}

	HttpResponse<String> send(String method, URI uri, String body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri)
			.header("Accept", "application/json")
			.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
					: HttpRequest.BodyPublishers.ofString(body));
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		String csrf = cookie("XSRF-TOKEN");
		if (csrf != null) {
			request.header("X-XSRF-TOKEN", csrf);
		}
		return send(request);
	}

	/** A form POST, with HTTP Basic credentials {@code user:secret} when {@code basic} is not null. */
	HttpResponse<String> postForm(URI uri, Map<String, String> form, String basic) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Accept", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(form(form)));
		if (basic != null) {
			request.header("Authorization",
					"Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
		}
		return send(request);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> answer = this.http.send(request.timeout(Duration.ofSeconds(60)).build(),
					HttpResponse.BodyHandlers.ofString());
			this.answers.add(answer);
			return answer;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	String cookie(String name) {
		return this.cookies.getCookieStore()
			.getCookies()
			.stream()
			.filter(cookie -> cookie.getName().equals(name))
			.map(HttpCookie::getValue)
			.findFirst()
			.orElse(null);
	}

	/**
	 * Goes to {@code start} and follows redirects, filling in the provider's login form when it is the answer, until
	 * an answer is no redirect or redirects to a URI {@code stop} accepts (not followed).
	 */
	Navigation navigate(URI start, String username, String password, Predicate<URI> stop) {
		List<URI> visited = new ArrayList<>();
		boolean filled = false;
		URI uri = start;
		HttpResponse<String> answer = get(uri);
		visited.add(uri);
		for (int step = 0; step < 20; step++) {
			int status = answer.statusCode();
			if (status == 302 || status == 303) {
				URI next = uri.resolve(answer.headers().firstValue("Location").orElseThrow());
				if (stop.test(next)) {
					return new Navigation(visited, filled, uri, answer);
				}
				uri = next;
				answer = get(uri);
				visited.add(uri);
			}
			else if (status == 200 && uri.getPath().equals("/login") && !filled) {
				Matcher csrf = CSRF.matcher(answer.body());
				assertThat(csrf.find()).as("the login page's CSRF token").isTrue();
				String token = csrf.group(1) != null ? csrf.group(1) : csrf.group(2);
				uri = uri.resolve("/login");
				answer = postForm(uri, Map.of("username", username, "password", password, "_csrf", token), null);
				visited.add(uri);
				filled = true;
			}
			else {
				return new Navigation(visited, filled, uri, answer);
			}
		}
		throw new AssertionError("Too many redirects: " + visited);
	}

	/** Alice logs in at {@code base}'s provider login; her browser then holds Prism's CSRF cookie too. */
	public static OidcBrowser loggedInAsAlice(String base) {
		return loggedInAs(base, "alice", "wonderland");
	}

	/** A demo user logs in at {@code base}'s provider login. */
	public static OidcBrowser loggedInAs(String base, String username, String password) {
		OidcBrowser browser = new OidcBrowser(base);
		Navigation login = browser.navigate(browser.uri("/web/api/oauth2/authorization/demo"), username, password,
				uri -> uri.toString().equals(base + "/"));
		assertThat(login.answer().statusCode()).as(() -> login.visited() + ": " + login.answer().body()).isEqualTo(302);
		assertThat(login.loginFormFilled()).isTrue();
		assertThat(login.location()).isEqualTo(URI.create(base + "/"));
		assertThat(browser.get("/web/api/session").statusCode()).isEqualTo(200);
		return browser;
	}

	static Map<String, String> query(URI uri) {
		Map<String, String> query = new LinkedHashMap<>();
		for (String pair : uri.getRawQuery().split("&")) {
			String[] parts = pair.split("=", 2);
			query.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
					parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
		}
		return query;
	}

	private static String form(Map<String, String> form) {
		return form.entrySet()
			.stream()
			.map(entry -> URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
	}

}
