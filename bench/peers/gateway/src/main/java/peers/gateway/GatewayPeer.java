package peers.gateway;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;

/**
 * The pass-through floor of a JVM gateway for bench/peers.sh: {@code GET /partner/api/v1/availability?skus=...} routed
 * to the inventory service's {@code /availability} (query kept, the answer passed on as it is: for one sku it is the
 * shape Prism answers) behind an {@code X-Api-Key} check — the key's SHA-256 compared in constant time with the
 * configured digest — and {@code X-Request-Id} echoed or generated. No quota, no validation, no reshaping: a gateway
 * cannot compose, so this is what the cheapest JVM hop costs, not a BFF.
 */
@SpringBootApplication
public class GatewayPeer {

	private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

	public static void main(String[] args) {
		SpringApplication.run(GatewayPeer.class, args);
	}

	@Bean
	RouteLocator routes(RouteLocatorBuilder builder, @Value("${peer.inventory-url}") String inventory,
			@Value("${peer.api-key-sha256}") String keyHash) {
		byte[] digest = HexFormat.of().parseHex(keyHash.trim().toLowerCase());
		return builder.routes()
			.route("partner-availability", route -> route.method(HttpMethod.GET)
				.and()
				.path("/partner/api/v1/availability")
				.filters(filters -> filters.filter(apiKey(digest)).setPath(pathOf(inventory) + "/availability"))
				.uri(inventory))
			.build();
	}

	/** X-Request-Id echoed or generated, then the API key checked: 401 with a problem detail when it is not known. */
	static GatewayFilter apiKey(byte[] expected) {
		return (exchange, chain) -> {
			String requestId = exchange.getRequest().getHeaders().getFirst("X-Request-Id");
			if (requestId == null || !SAFE_ID.matcher(requestId).matches()) {
				ThreadLocalRandom random = ThreadLocalRandom.current();
				requestId = new UUID(random.nextLong(), random.nextLong()).toString();
			}
			ServerHttpResponse response = exchange.getResponse();
			response.getHeaders().set("X-Request-Id", requestId);
			String key = exchange.getRequest().getHeaders().getFirst("X-Api-Key");
			if (key != null && MessageDigest.isEqual(sha256(key), expected)) {
				return chain.filter(exchange);
			}
			response.setStatusCode(HttpStatus.UNAUTHORIZED);
			response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
			response.getHeaders().setCacheControl("no-store");
			response.getHeaders().set("WWW-Authenticate", "ApiKey header=\"X-Api-Key\"");
			byte[] body = ("{\"type\":\"urn:prism:problem:unauthorized\",\"title\":\"Unauthorized\",\"status\":401,"
					+ "\"detail\":\"Send a valid partner API key in the X-Api-Key header.\",\"requestId\":\"" + requestId
					+ "\"}").getBytes(StandardCharsets.UTF_8);
			DataBuffer buffer = response.bufferFactory().wrap(body);
			return response.writeWith(reactor.core.publisher.Mono.just(buffer));
		};
	}

	private static String pathOf(String url) {
		String path = java.net.URI.create(url).getPath();
		return path == null ? "" : path.replaceAll("/$", "");
	}

	private static byte[] sha256(String key) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
