package dev.prism.platform.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Refuses to start Prism in profile {@code prod} when profile {@code demo} is active beside it, when a required secret
 * is missing (among them the keys every instance must share to read each other's cursors, page tokens and session
 * tokens), when the demo upstreams or the demo OpenID provider are on, or when any configured value is one of the demo
 * profile's secrets — recognised by value: the demo JWT and HMAC secrets, the demo API keys' digests in any letter
 * case, and any password hash that matches a demo password, however it was hashed — so a demo credential can never
 * reach production by accident.
 */
class ProductionSafetyCheck implements BeanFactoryPostProcessor {

	static final Pattern SECRET_KEY = Pattern.compile(".*(password|secret|key-sha256|token).*",
			Pattern.CASE_INSENSITIVE);

	/** The demo profile's passwords in clear (its users' and the admin's), which no production hash may match. */
	static final List<String> DEMO_PASSWORDS = List.of("wonderland", "builder", "admin-demo");

	/**
	 * Secrets prod cannot start without: several instances must sign and check the same cursors and page tokens, and
	 * read the tokens each other's web sessions keep (encrypted with the same key).
	 */
	static final List<String> REQUIRED = List.of("prism.admin.password-hash", "prism.mobile.cursor-secret",
			"prism.partner.page-token-secret", "prism.web.session.encryption-key");

	private static final Pattern ENCODED_PASSWORD = Pattern.compile("\\{[a-z0-9]+}.+", Pattern.CASE_INSENSITIVE);

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
		if (List.of(this.environment.getActiveProfiles()).contains("demo")) {
			problems.add("profile demo is active beside prod (demo users, demo keys, the demo token endpoint)");
		}
		for (String required : REQUIRED) {
			String value = this.environment.getProperty(required);
			if (value == null || value.isBlank()) {
				problems.add(required + " is not set (environment variable "
						+ required.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_') + ")");
			}
		}
		if (this.environment.getProperty("prism.demo.upstreams.enabled", Boolean.class, false)) {
			problems.add("prism.demo.upstreams.enabled must be false in prod");
		}
		if (this.environment.getProperty("prism.demo.identity-provider.enabled", Boolean.class, false)) {
			problems.add("prism.demo.identity-provider.enabled must be false in prod");
		}
		Map<String, String> demoSecrets = new HashMap<>();
		demoSecrets().forEach((value, name) -> demoSecrets.put(value.toLowerCase(Locale.ROOT), name));
		PasswordEncoder passwords = PasswordEncoderFactories.createDelegatingPasswordEncoder();
		for (PropertySource<?> source : this.environment.getPropertySources()) {
			if (!(source instanceof EnumerablePropertySource<?> enumerable) || source.getName().contains("demo")) {
				continue;
			}
			for (String name : enumerable.getPropertyNames()) {
				Object value = enumerable.getProperty(name);
				if (value == null) {
					continue;
				}
				String text = value.toString().trim();
				String demo = demoSecrets.get(text.toLowerCase(Locale.ROOT));
				if (demo != null) {
					problems.add(name + " holds the demo value of " + demo);
				}
				else if (name.toLowerCase(Locale.ROOT).contains("password") && isDemoPassword(passwords, text)) {
					problems.add(name + " is a hash of a demo password");
				}
			}
		}
		if (!problems.isEmpty()) {
			throw new IllegalStateException("Prism refuses to start in profile 'prod':\n  - "
					+ String.join("\n  - ", problems.stream().distinct().toList())
					+ "\nSet real secrets through the environment; see README, section Configuration.");
		}
	}

	private static boolean isDemoPassword(PasswordEncoder passwords, String encoded) {
		if (!ENCODED_PASSWORD.matcher(encoded).matches()) {
			return false;
		}
		try {
			return DEMO_PASSWORDS.stream().anyMatch(demo -> passwords.matches(demo, encoded));
		}
		catch (IllegalArgumentException ex) {
			// Not a hash any encoder knows: the password check at start-up reports it.
			return false;
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
