package dev.prism;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.prism.testing.EndToEndTestSupport;
import dev.prism.testing.TestTokens;

/**
 * Hostile input against every channel over real HTTP: every answer is a 4xx problem detail that reveals nothing
 * internal, and nothing reaches an upstream service.
 */
class HostileInputTests extends EndToEndTestSupport {

	private static final String LONG_SKU = "A".repeat(10_000);

	private final String token = TestTokens.bearer(TestTokens.mobile("c-1001"));

	private final CookieManager cookies = new CookieManager();

	private final HttpClient browser = HttpClient.newBuilder().cookieHandler(this.cookies).build();

	private String csrf;

	@BeforeEach
	void logIntoTheWebChannel() throws Exception {
		this.browser.send(HttpRequest.newBuilder(uri("/web/api/session")).build(), HttpResponse.BodyHandlers.ofString());
		this.browser.send(HttpRequest.newBuilder(uri("/web/api/session"))
			.header("Content-Type", "application/json")
			.header("X-XSRF-TOKEN", cookie("XSRF-TOKEN"))
			.POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"alice\",\"password\":\"wonderland\"}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		this.csrf = cookie("XSRF-TOKEN");
		upstreams.resetRequests();
	}

	private String cookie(String name) {
		return this.cookies.getCookieStore()
			.getCookies()
			.stream()
			.filter(cookie -> cookie.getName().equals(name))
			.map(HttpCookie::getValue)
			.findFirst()
			.orElse("");
	}

	/** One request to each channel's order endpoint, with valid credentials and the given body and content type. */
	private List<HttpResponse<String>> postOrders(String body, String contentType) throws Exception {
		List<HttpResponse<String>> answers = new ArrayList<>();
		answers.add(this.browser.send(HttpRequest.newBuilder(uri("/web/api/orders"))
			.header("Content-Type", contentType)
			.header("X-XSRF-TOKEN", this.csrf)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString()));
		answers.add(send(HttpRequest.newBuilder(uri("/mobile/api/orders"))
			.header("Content-Type", contentType)
			.header("Authorization", this.token)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build()));
		answers.add(send(HttpRequest.newBuilder(uri("/partner/api/v1/orders"))
			.header("Content-Type", contentType)
			.header("X-Api-Key", "acme-demo-key")
			.header("Idempotency-Key", "hostile-" + System.nanoTime())
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build()));
		return answers;
	}

	private static void assertSafe4xx(HttpResponse<String> response, String what) {
		assertThat(response.statusCode()).as(what + " " + response.uri()).isBetween(400, 499);
		assertThat(response.headers().firstValue("Content-Type")).as(what)
			.hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
		assertThat(response.body()).as(what)
			.contains("\"requestId\"")
			.doesNotContain("Exception")
			.doesNotContain("at dev.")
			.doesNotContain("java.")
			.doesNotContain("tools.jackson")
			.doesNotContain("127.0.0.1:" + upstreams.port())
			.doesNotContain("acme-demo-key")
			.doesNotContainIgnoringCase("select ");
	}

	@Test
	void malformedTruncatedAndWronglyTypedOrderBodies() throws Exception {
		List<String[]> cases = List.of(new String[] { "{nope", "application/json" },
				new String[] { "{\"lines\":[{\"sku\":\"SKU-1001\",\"quant", "application/json" },
				new String[] { "", "application/json" }, new String[] { "[1,2,3]", "application/json" },
				new String[] { "{\"lines\":\"all\"}", "application/json" },
				new String[] { "{\"lines\":[{\"sku\":\"SKU-1001\",\"quantity\":1}]}", "text/plain" },
				new String[] { "<order/>", "application/xml" },
				new String[] { "{\"lines\":[{\"sku\":\"SKU-1001\",\"quantity\":99999999999}]}", "application/json" },
				new String[] { "{\"lines\":[{\"sku\":\"SKU-1001\",\"quantity\":-5}]}", "application/json" },
				new String[] { "{\"lines\":[{\"sku\":\"SKU-1001\",\"quantity\":0}]}", "application/json" },
				new String[] { "{\"lines\":[{\"sku\":\"" + "A".repeat(5000) + "\",\"quantity\":1}]}",
						"application/json" },
				new String[] { "{\"lines\":[{\"sku\":\"../../etc/passwd\",\"quantity\":1}]}", "application/json" },
				new String[] { "{\"lines\":[{\"sku\":\"SKU-1001\\u0000\\n\",\"quantity\":1}]}", "application/json" },
				new String[] { "{\"lines\":[{\"sku\":\"ＳＫＵ－１００１\",\"quantity\":1}]}", "application/json" },
				new String[] { "{\"lines\":[" + "{\"sku\":\"SKU-1001\",\"quantity\":1},".repeat(60)
						+ "{\"sku\":\"SKU-1001\",\"quantity\":1}]}", "application/json" },
				new String[] { "{\"lines\":[]}", "application/json" },
				new String[] { "{\"lines\":null}", "application/json" });
		for (String[] hostile : cases) {
			for (HttpResponse<String> answer : postOrders(hostile[0], hostile[1])) {
				assertSafe4xx(answer, hostile[0].length() > 80 ? hostile[0].substring(0, 80) : hostile[0]);
			}
		}
		assertThat(upstreams.getAllServeEvents()).isEmpty();
	}

	@Test
	void bodiesOverTheSizeLimitAre413() throws Exception {
		String huge = "{\"lines\":[{\"sku\":\"" + "A".repeat(70_000) + "\",\"quantity\":1}]}";
		for (HttpResponse<String> answer : postOrders(huge, "application/json")) {
			assertSafe4xx(answer, "70 KB body");
			assertThat(answer.statusCode()).isEqualTo(413);
		}
		assertThat(upstreams.getAllServeEvents()).isEmpty();
	}

	@Test
	void chunkedBodiesOverTheSizeLimitAre413() throws Exception {
		// No Content-Length: the limit holds while the body is read
		byte[] huge = ("{\"lines\":[{\"sku\":\"" + "A".repeat(200_000) + "\",\"quantity\":1}]}")
			.getBytes(java.nio.charset.StandardCharsets.UTF_8);
		HttpResponse<String> answer = send(HttpRequest.newBuilder(uri("/mobile/api/orders"))
			.header("Content-Type", "application/json")
			.header("Authorization", this.token)
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(huge)))
			.build());

		assertSafe4xx(answer, "200 KB chunked body");
		assertThat(answer.statusCode()).isEqualTo(413);
		assertThat(upstreams.getAllServeEvents()).isEmpty();
	}

	@Test
	void multipartAndFormBodiesAre415OnEveryChannel() throws Exception {
		String boundary = "prism-hostile";
		String multipart = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.bin\"\r\n"
				+ "Content-Type: application/octet-stream\r\n\r\n" + "x".repeat(1_800_000) + "\r\n--" + boundary
				+ "--\r\n";
		HttpResponse<String> partner = send(HttpRequest.newBuilder(uri("/partner/api/v1/orders"))
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.header("X-Api-Key", "acme-demo-key")
			.header("Idempotency-Key", "multipart-1")
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
					multipart.getBytes(java.nio.charset.StandardCharsets.UTF_8))))
			.build());
		assertSafe4xx(partner, "1.8 MB chunked multipart");
		assertThat(partner.statusCode()).isEqualTo(415);

		for (HttpResponse<String> answer : postOrders("lines=SKU-1001&_csrf=" + this.csrf,
				"application/x-www-form-urlencoded")) {
			assertSafe4xx(answer, "form body");
			assertThat(answer.statusCode()).isEqualTo(415);
		}
		HttpResponse<String> login = this.browser.send(HttpRequest.newBuilder(uri("/web/api/session"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("username=alice&password=wonderland&_csrf=" + this.csrf))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertSafe4xx(login, "form login");
		assertThat(login.statusCode()).isEqualTo(415);
		assertThat(upstreams.getAllServeEvents()).isEmpty();
	}

	@Test
	void hostileSkusPathsAndParameters() throws Exception {
		List<String[]> requests = List.of(new String[] { "/web/api/products/" + LONG_SKU },
				new String[] { "/web/api/products/..%2F..%2Fetc%2Fpasswd" },
				new String[] { "/web/api/products/SKU%00-1" }, new String[] { "/web/api/products/%F0%9F%92%A5" },
				new String[] { "/web/api/products?page=abc" }, new String[] { "/web/api/products?page=99999999999" },
				new String[] { "/web/api/products?q=" + "x".repeat(500) },
				new String[] { "/web/api/products?category=%3Cscript%3E" },
				new String[] { "/mobile/api/products/" + LONG_SKU, "Authorization", this.token },
				new String[] { "/mobile/api/products/a%20b", "Authorization", this.token },
				new String[] { "/mobile/api/products/SKU-1?include=everything", "Authorization", this.token },
				new String[] { "/mobile/api/feed?limit=-1", "Authorization", this.token },
				new String[] { "/mobile/api/feed?limit=1000000", "Authorization", this.token },
				new String[] { "/mobile/api/feed?cursor=" + "A".repeat(600), "Authorization", this.token },
				new String[] { "/mobile/api/feed?cursor=%27%20OR%201%3D1", "Authorization", this.token },
				new String[] { "/partner/api/v1/products/" + "%2e%2e", "X-Api-Key", "acme-demo-key" },
				new String[] { "/partner/api/v1/products?pageToken=%25%25%25", "X-Api-Key", "acme-demo-key" },
				new String[] { "/partner/api/v1/products?pageSize=1&pageSize=1000", "X-Api-Key", "acme-demo-key" },
				new String[] { "/partner/api/v1/availability?skus=" + ",".repeat(300), "X-Api-Key", "acme-demo-key" },
				new String[] { "/partner/api/v1/availability?skus=SKU-1%0D%0ASet-Cookie:x", "X-Api-Key",
						"acme-demo-key" },
				new String[] { "/partner/api/v1/orders/..%2F..%2Fadmin", "X-Api-Key", "acme-demo-key" },
				new String[] { "/partner/api/v1/orders/" + "9".repeat(300), "X-Api-Key", "acme-demo-key" });
		for (String[] request : requests) {
			HttpRequest.Builder builder = HttpRequest.newBuilder(uri(request[0])).timeout(Duration.ofSeconds(10));
			if (request.length > 1) {
				builder.header(request[1], request[2]);
			}
			assertSafe4xx(send(builder.build()), request[0].length() > 80 ? request[0].substring(0, 80) : request[0]);
		}
		assertThat(upstreams.getAllServeEvents()).extracting(event -> event.getRequest().getUrl()).isEmpty();
	}

	@Test
	void oversizedHeadersAndQueryStrings() {
		assertSafe4xx(get("/web/api/products/SKU-1", "X-Junk", "j".repeat(20_000)), "20 KB header");
		assertSafe4xx(get("/partner/api/v1/availability?skus=" + "S".repeat(20_000), "X-Api-Key", "acme-demo-key"),
				"20 KB query");
		assertSafe4xx(get("/mobile/api/me", "Authorization", "Bearer " + "x".repeat(9_000)), "9 KB token");
		assertSafe4xx(get("/partner/api/v1/products", "X-Api-Key", "k".repeat(10_000)), "10 KB key");
		assertThat(upstreams.getAllServeEvents()).isEmpty();
	}

}
