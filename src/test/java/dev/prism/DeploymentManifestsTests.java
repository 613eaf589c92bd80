package dev.prism;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The Kubernetes manifests in {@code deploy/k8s} agree on Redis' password: Redis requires the secret's
 * {@code SPRING_DATA_REDIS_PASSWORD} and Prism authenticates with that same key, which the example secret names and no
 * config map holds.
 */
class DeploymentManifestsTests {

	private static final Path K8S = Path.of("deploy/k8s");

	@Test
	void redisRequiresThePasswordPrismAuthenticatesWith() throws IOException {
		Map<String, Object> redis = container(document("redis.yaml", "Deployment"), "redis");
		Map<String, Object> prism = container(document("deployment.yaml", "Deployment"), "prism");

		assertThat(secretKeyOf(redis, "REDIS_PASSWORD")).isEqualTo("prism-secrets/SPRING_DATA_REDIS_PASSWORD");
		assertThat(list(redis, "args")).containsSubsequence("--requirepass", "$(REDIS_PASSWORD)");
		assertThat(secretKeyOf(redis, "REDISCLI_AUTH")).isEqualTo("prism-secrets/SPRING_DATA_REDIS_PASSWORD");
		assertThat(secretKeyOf(prism, "SPRING_DATA_REDIS_PASSWORD")).isEqualTo("prism-secrets/SPRING_DATA_REDIS_PASSWORD");
	}

	@Test
	void theExampleSecretNamesThePasswordAndNoConfigMapHoldsIt() throws IOException {
		assertThat(map(document("secret.example.yaml", "Secret"), "stringData")).containsKey("SPRING_DATA_REDIS_PASSWORD");
		assertThat(map(document("configmap.yaml", "ConfigMap"), "data")).doesNotContainKey("SPRING_DATA_REDIS_PASSWORD")
			.containsKey("SPRING_DATA_REDIS_HOST");
	}

	@Test
	void theHeapLeavesTheMemoryTheJvmNeedsBesideItUnderTheLimit() throws IOException {
		Map<String, Object> prism = container(document("deployment.yaml", "Deployment"), "prism");
		String options = list(prism, "env").stream()
			.map(DeploymentManifestsTests::<Map<String, Object>>cast)
			.filter(variable -> "JAVA_TOOL_OPTIONS".equals(variable.get("name")))
			.map(variable -> (String) variable.get("value"))
			.findFirst()
			.orElseThrow();
		java.util.regex.Matcher percentage = java.util.regex.Pattern.compile("-XX:MaxRAMPercentage=(\\d+)").matcher(options);
		assertThat(percentage.find()).as(options).isTrue();
		String limit = (String) map(map(prism, "resources"), "limits").get("memory");
		assertThat(limit).endsWith("Mi");
		long limitMiB = Long.parseLong(limit.substring(0, limit.length() - 2));

		// After a sustained load the JVM keeps ~180 MB outside the heap (NMT: code cache, class metadata and the AOT
		// cache's classes, threads, GC), and Serial GC keeps the heap it grew to: what the heap may not take.
		long besideTheHeapMiB = limitMiB - limitMiB * Long.parseLong(percentage.group(1)) / 100;
		assertThat(besideTheHeapMiB).isGreaterThanOrEqualTo(250);
		// The image runs with the same options as the Deployment.
		assertThat(Files.readString(Path.of("Dockerfile"))).contains("JAVA_TOOL_OPTIONS=\"" + options + "\"");
	}

	private static Map<String, Object> document(String file, String kind) throws IOException {
		List<Map<String, Object>> documents = new ArrayList<>();
		try (Reader reader = Files.newBufferedReader(K8S.resolve(file))) {
			new Yaml().loadAll(reader).forEach(document -> documents.add(cast(document)));
		}
		return documents.stream()
			.filter(document -> kind.equals(document.get("kind")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + kind + " in " + file));
	}

	private static Map<String, Object> container(Map<String, Object> deployment, String name) {
		Map<String, Object> pod = map(map(map(deployment, "spec"), "template"), "spec");
		return list(pod, "containers").stream()
			.map(DeploymentManifestsTests::<Map<String, Object>>cast)
			.filter(container -> name.equals(container.get("name")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no container " + name));
	}

	/** {@code secret/key} of the container's environment variable {@code name}, from its {@code secretKeyRef}. */
	private static String secretKeyOf(Map<String, Object> container, String name) {
		return list(container, "env").stream()
			.map(DeploymentManifestsTests::<Map<String, Object>>cast)
			.filter(variable -> name.equals(variable.get("name")))
			.map(variable -> map(map(variable, "valueFrom"), "secretKeyRef"))
			.map(reference -> reference.get("name") + "/" + reference.get("key"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no secret variable " + name + " in " + container.get("name")));
	}

	private static Map<String, Object> map(Map<String, Object> parent, String key) {
		return cast(parent.get(key));
	}

	private static List<Object> list(Map<String, Object> parent, String key) {
		return cast(parent.get(key));
	}

	@SuppressWarnings("unchecked")
	private static <T> T cast(Object value) {
		return (T) value;
	}

}
