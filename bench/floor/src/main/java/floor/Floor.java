package floor;

import java.util.List;

import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/**
 * The floor under Prism's overhead figures: Spring MVC on Tomcat with virtual threads, and the same MVC endpoint making
 * one upstream call through RestClient (Apache HttpClient 5, pooled, or the JDK client) and parsing and writing the
 * same document — none of Prism's security, quotas, resilience, deadlines, validation or observations.
 */
@SpringBootApplication
@RestController
public class Floor {

	record Item(String sku, String status, int quantity) {
	}

	record Items(List<Item> items) {
	}

	private static final String UPSTREAM = System.getProperty("floor.upstream", "http://127.0.0.1:9200");

	private final RestClient apache = RestClient.builder()
		.requestFactory(new HttpComponentsClientHttpRequestFactory(HttpClients.custom()
			.setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
				.setMaxConnTotal(512)
				.setMaxConnPerRoute(512)
				.build())
			.build()))
		.baseUrl(UPSTREAM)
		.build();

	private final RestClient jdk = RestClient.builder()
		.requestFactory(new JdkClientHttpRequestFactory())
		.baseUrl(UPSTREAM)
		.build();

	/** No upstream: the document written from memory. */
	@GetMapping("/local")
	Items local() {
		return new Items(List.of(new Item("SKU-1001", "IN_STOCK", 12)));
	}

	/** One upstream call (Apache HttpClient 5), parsed and written again. */
	@GetMapping("/apache")
	Items apache(@RequestParam String skus) {
		return this.apache.get().uri("/inventory/availability?skus={skus}", skus).retrieve().body(Items.class);
	}

	/** One upstream call (JDK HttpClient), parsed and written again. */
	@GetMapping("/jdk")
	Items jdk(@RequestParam String skus) {
		return this.jdk.get().uri("/inventory/availability?skus={skus}", skus).retrieve().body(Items.class);
	}

	public static void main(String[] args) {
		SpringApplication.run(Floor.class, args);
	}

}
