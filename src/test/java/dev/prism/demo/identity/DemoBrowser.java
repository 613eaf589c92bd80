package dev.prism.demo.identity;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.prism.testing.ContractValidation;

/**
 * A browser for the tests, as plain as it gets: {@code java.net.http} with a cookie jar, following redirects one by
 * one and filling in the provider's login form (username, password and its CSRF token) when it shows up.
 */
final class DemoBrowser {

	static final JsonMapper json = JsonMapper.builder().build();

	private static final Pattern CSRF = Pattern.compile(
			"<input[^>]*name=\"_csrf\"[^>]*value=\"([^\"]+)\"|<input[^>]*value=\"([^\"]+)\"[^>]*name=\"_csrf\"");

	final CookieManager cookies = new CookieManager();

	private final HttpClient http;

	/** Prism's answers are held to its committed contracts; the provider's paths belong to no channel. */
	DemoBrowser() {
		this.http = ContractValidation.validating(HttpClient.newBuilder()
			.cookieHandler(this.cookies)
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(5))
			.build());
	}

	/** The URIs visited and the answer the navigation ended on. */
	record Navigation(List<URI> visited, boolean loginFormFilled, URI last, HttpResponse<String> answer) {

		/** Where the last answer redirects to. */
		URI location() {
			return this.last.resolve(this.answer.headers()
				.firstValue("Location")
				.orElseThrow(() -> new AssertionError("No redirect after " + this.visited + ": "
						+ this.answer.statusCode() + " " + this.answer.body())));
		}

	}

	/**
	 * Goes to {@code start} and follows redirects, logging in with these credentials when the provider's login form
	 * is the answer, until an answer is no redirect or one redirects to a URI {@code stop} accepts (not followed).
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
				if (!csrf.find()) {
					throw new AssertionError("No CSRF token in the login page:\n" + answer.body());
				}
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

	HttpResponse<String> get(URI uri) {
		return send(HttpRequest.newBuilder(uri).header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8").GET().build());
	}

	/** A GET as an SPA's {@code fetch} sends it. */
	HttpResponse<String> getJson(URI uri) {
		return send(HttpRequest.newBuilder(uri).header("Accept", "application/json").GET().build());
	}

	HttpResponse<String> get(URI uri, String bearer) {
		return send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + bearer).GET().build());
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
		return send(request.build());
	}

	HttpResponse<String> send(HttpRequest request) {
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	List<String> cookieNames() {
		return this.cookies.getCookieStore().getCookies().stream().map(HttpCookie::getName).sorted().toList();
	}

	static String form(Map<String, String> form) {
		return form.entrySet()
			.stream()
			.map(entry -> URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
	}

	static Map<String, String> query(URI uri) {
		Map<String, String> query = new LinkedHashMap<>();
		if (uri.getRawQuery() == null) {
			return query;
		}
		for (String pair : uri.getRawQuery().split("&")) {
			String[] parts = pair.split("=", 2);
			query.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
					parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
		}
		return query;
	}

	static JsonNode json(HttpResponse<String> answer) {
		return json.readTree(answer.body());
	}

	/** The claims of a JWT, unverified (the tests verify signatures where that is the point). */
	static JsonNode claims(String jwt) {
		String[] parts = jwt.split("\\.");
		return json.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
	}

}
