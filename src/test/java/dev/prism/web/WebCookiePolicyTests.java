package dev.prism.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The session cookie and web users as configured per profile: HttpOnly and SameSite=Lax everywhere, {@code Secure}
 * with the {@code __Host-} name in prod, demo users (real bcrypt hashes) only in the demo profile.
 */
class WebCookiePolicyTests {

	private static PropertySource<?> profile(String file) throws IOException {
		List<PropertySource<?>> sources = new YamlPropertySourceLoader().load(file, new ClassPathResource(file));
		assertThat(sources).hasSize(1);
		return sources.get(0);
	}

	private static String value(PropertySource<?> source, String name) {
		Object value = source.getProperty(name);
		return value == null ? null : value.toString();
	}

	@Test
	void everyProfileHasAnHttpOnlyLaxSessionCookie() throws IOException {
		PropertySource<?> defaults = profile("application.yml");

		assertThat(value(defaults, "server.servlet.session.cookie.http-only")).isEqualTo("true");
		assertThat(value(defaults, "server.servlet.session.cookie.same-site")).isEqualTo("lax");
	}

	@Test
	void prodMakesTheCookieSecureWithTheHostPrefix() throws IOException {
		PropertySource<?> prod = profile("application-prod.yml");

		assertThat(value(prod, "server.servlet.session.cookie.name")).startsWith("__Host-");
		assertThat(value(prod, "server.servlet.session.cookie.secure")).isEqualTo("true");
		assertThat(value(prod, "server.servlet.session.cookie.http-only")).isEqualTo("true");
		// Strict would drop the cookie on the OpenID Connect provider's redirect back (a cross-site navigation).
		assertThat(value(prod, "server.servlet.session.cookie.same-site")).isEqualTo("lax");
		// __Host- cookies are refused by browsers unless they have Path=/ and no Domain.
		assertThat(value(prod, "server.servlet.session.cookie.domain")).isNull();
		assertThat(value(prod, "server.servlet.session.cookie.path")).isIn(null, "/");
		assertThat(value(prod, "server.servlet.context-path")).isIn(null, "", "/");
	}

	@Test
	void demoUsersHaveRealBcryptHashesAndExistOnlyInTheDemoProfile() throws IOException {
		PropertySource<?> demo = profile("application-demo.yml");
		PasswordEncoder passwords = PasswordEncoderFactories.createDelegatingPasswordEncoder();

		assertThat(value(demo, "prism.web.users.alice.password")).startsWith("{bcrypt}$2");
		assertThat(passwords.matches("wonderland", value(demo, "prism.web.users.alice.password"))).isTrue();
		assertThat(value(demo, "prism.web.users.alice.customer-id")).isEqualTo("c-1001");
		assertThat(passwords.matches("builder", value(demo, "prism.web.users.bob.password"))).isTrue();
		assertThat(passwords.matches("wonderland", value(demo, "prism.web.users.bob.password"))).isFalse();
		assertThat(value(demo, "prism.web.users.bob.customer-id")).isEqualTo("c-1002");

		for (String file : List.of("application.yml", "application-prod.yml")) {
			assertThat(value(profile(file), "prism.web.users.alice.password")).as(file).isNull();
			assertThat(value(profile(file), "prism.web.users.bob.password")).as(file).isNull();
		}
	}

}
