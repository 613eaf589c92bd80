package dev.prism.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * Refuses to start Prism in profile {@code prod} when a required secret is missing, when the demo upstreams are on,
 * or when any configured value is one of the demo profile's secrets (demo passwords, the demo JWT secret, the demo API
 * keys' hashes), so a demo credential can never reach production by accident.
 */
class ProductionSafetyCheck implements BeanFactoryPostProcessor {

	static final Pattern SECRET_KEY = Pattern.compile(".*(password|secret|key-sha256|token).*",
			Pattern.CASE_INSENSITIVE);

	private final ConfigurableEnvironment environment;

	ProductionSafetyCheck(ConfigurableEnvironment environment) {
		this.environment = environment;
	}

	/** Runs before any bean is created, so nothing starts with a demo secret. */
	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		check();
	}

	void check() {
		List<String> problems = new ArrayList<>();
		String adminHash = this.environment.getProperty("prism.admin.password-hash");
		if (adminHash == null || adminHash.isBlank()) {
			problems.add("prism.admin.password-hash is not set (environment variable PRISM_ADMIN_PASSWORD_HASH)");
		}
		if (this.environment.getProperty("prism.demo.upstreams.enabled", Boolean.class, false)) {
			problems.add("prism.demo.upstreams.enabled must be false in prod");
		}
		Map<String, String> demoSecrets = demoSecrets();
		for (PropertySource<?> source : this.environment.getPropertySources()) {
			if (!(source instanceof EnumerablePropertySource<?> enumerable) || source.getName().contains("demo")) {
				continue;
			}
			for (String name : enumerable.getPropertyNames()) {
				Object value = enumerable.getProperty(name);
				if (value != null && demoSecrets.containsKey(value.toString().trim())) {
					problems.add(name + " holds the demo value of " + demoSecrets.get(value.toString().trim()));
				}
			}
		}
		if (!problems.isEmpty()) {
			throw new IllegalStateException("Prism refuses to start in profile 'prod':\n  - "
					+ String.join("\n  - ", problems.stream().distinct().toList())
					+ "\nSet real secrets through the environment; see README, section Configuration.");
		}
	}

	/** The secret values of the demo profile, by the key that holds them there. */
	static Map<String, String> demoSecrets() {
		ClassPathResource demo = new ClassPathResource("application-demo.yml");
		Map<String, String> secrets = new HashMap<>();
		if (!demo.exists()) {
			return secrets;
		}
		try {
			for (PropertySource<?> source : new YamlPropertySourceLoader().load("demo", demo)) {
				if (source instanceof EnumerablePropertySource<?> enumerable) {
					for (String name : enumerable.getPropertyNames()) {
						Object value = enumerable.getProperty(name);
						if (SECRET_KEY.matcher(name).matches() && value != null && value.toString().length() >= 4) {
							secrets.put(value.toString().trim(), name);
						}
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return secrets;
	}

}
