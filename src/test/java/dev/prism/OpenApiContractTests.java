package dev.prism;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import dev.prism.testing.ContractValidation;

/**
 * The committed contracts in {@code openapi/} are the ones the running app serves, and the partner contract stays
 * backward compatible with the last released one ({@code openapi/released/partner-v1.yaml}).
 */
@TestPropertySource(locations = "classpath:offline-upstreams.properties")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpenApiContractTests {

	static final Path SPECS = Path.of("openapi");

	static final Path RELEASED_PARTNER = SPECS.resolve("released/partner-v1.yaml");

	static final String REGENERATE = "PRISM_UPDATE_DOCS=1 ./mvnw -B test -Dtest=OpenApiContractTests";

	private final HttpClient http = ContractValidation.validating(HttpClient.newHttpClient());

	@LocalServerPort
	int port;

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private String liveSpec(String group) throws Exception {
		HttpResponse<String> response = get("/v3/api-docs.yaml/" + group);
		assertThat(response.statusCode()).as("/v3/api-docs.yaml/%s", group).isEqualTo(200);
		return response.body().replace("\r\n", "\n").stripTrailing() + "\n";
	}

	@ParameterizedTest
	@ValueSource(strings = { "web", "mobile", "partner" })
	void committedContractIsWhatTheAppServes(String group) throws Exception {
		String live = liveSpec(group);
		Path committed = SPECS.resolve(group + ".yaml");
		if ("1".equals(System.getenv("PRISM_UPDATE_DOCS"))) {
			Files.createDirectories(SPECS);
			Files.writeString(committed, live);
		}

		assertThat(committed).as("openapi/%s.yaml is missing. Generate it with:%n  %s%n", group, REGENERATE)
			.exists();
		assertThat(Files.readString(committed))
			.as("openapi/%s.yaml no longer matches the running app. Regenerate it with:%n  %s%n", group, REGENERATE)
			.isEqualTo(live);
	}

	@ParameterizedTest
	@ValueSource(strings = { "web", "mobile", "partner" })
	void eachGroupDocumentsOnlyItsOwnChannel(String group) throws Exception {
		String live = liveSpec(group);
		for (String other : new String[] { "web", "mobile", "partner" }) {
			if (!other.equals(group)) {
				assertThat(live).doesNotContain("/" + other + "/api");
			}
		}
		assertThat(live).contains("url: http://localhost:8080").contains("securitySchemes")
			.contains("application/problem+json")
			.contains("Problem:");
	}

	@Test
	void partnerContractIsBackwardCompatibleWithTheReleasedOne() throws Exception {
		assertThat(RELEASED_PARTNER).as("the last released partner contract").exists();
		String breaking = ContractCompatibility.breakingChanges(Files.readString(RELEASED_PARTNER),
				liveSpec("partner"));
		assertThat(breaking)
			.as("The partner contract breaks clients of the released v1. Revert the change, or version it as v2.")
			.isEmpty();
	}

	@Test
	void docsAndSwaggerUiAreReadableWithoutCredentials() throws Exception {
		assertThat(get("/v3/api-docs/partner").statusCode()).isEqualTo(200);
		assertThat(get("/v3/api-docs/web").statusCode()).isEqualTo(200);
		assertThat(get("/v3/api-docs/mobile").statusCode()).isEqualTo(200);
		assertThat(get("/swagger-ui/index.html").statusCode()).isEqualTo(200);
		assertThat(get("/v3/api-docs/nonsense").statusCode()).isEqualTo(404);
	}

}
