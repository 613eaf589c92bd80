package dev.prism.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.TestPropertySource;

import dev.prism.testing.ContractValidation;

/**
 * The cookies and web users as configured per profile: the session cookie {@code PRISM_SESSION}, HttpOnly and
 * SameSite=Lax by default, Secure and SameSite=Strict with the {@code __Host-} name in prod; the {@code XSRF-TOKEN}
 * cookie SameSite=Strict and, in prod, always Secure; demo users (real bcrypt hashes) only in the demo profile.
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

		assertThat(value(defaults, "server.servlet.session.cookie.name")).isEqualTo("PRISM_SESSION");
		assertThat(value(defaults, "server.servlet.session.cookie.http-only")).isEqualTo("true");
		assertThat(value(defaults, "server.servlet.session.cookie.same-site")).isEqualTo("lax");
	}

	@Test
	void prodMakesTheCookieSecureWithTheHostPrefix() throws IOException {
		PropertySource<?> prod = profile("application-prod.yml");

		assertThat(value(prod, "server.servlet.session.cookie.name")).isEqualTo("__Host-PRISM_SESSION");
		assertThat(value(prod, "server.servlet.session.cookie.secure")).isEqualTo("true");
		assertThat(value(prod, "server.servlet.session.cookie.http-only")).isEqualTo("true");
		// Strict: the OpenID Connect login keeps its authorization request in a cookie of its own (Lax) instead.
		assertThat(value(prod, "server.servlet.session.cookie.same-site")).isEqualTo("strict");
		// __Host- cookies are refused by browsers unless they have Path=/ and no Domain.
		assertThat(value(prod, "server.servlet.session.cookie.domain")).isNull();
		assertThat(value(prod, "server.servlet.session.cookie.path")).isIn(null, "/");
		assertThat(value(prod, "server.servlet.context-path")).isIn(null, "", "/");
	}

	/** Prism with prod's cookie settings, reached over plain HTTP as behind a TLS-terminating proxy. */
	@Nested
	@TestPropertySource(locations = "classpath:offline-upstreams.properties")
	@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
			properties = { "server.servlet.session.cookie.secure=true",
					"server.servlet.session.cookie.name=__Host-PRISM_SESSION",
					"server.servlet.session.cookie.same-site=strict" })
	class WithProdCookies {

		@LocalServerPort
		int port;

		@Test
		void bothCookiesAreSecureAndTheCsrfCookieIsStrictEvenOverPlainHttp() throws Exception {
			HttpClient http = ContractValidation.validating(HttpClient.newHttpClient());
			HttpResponse<String> anonymous = http.send(
					HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/web/api/session")).build(),
					HttpResponse.BodyHandlers.ofString());
			String xsrf = setCookie(anonymous, "XSRF-TOKEN=");
			assertThat(xsrf).contains("; Secure").contains("SameSite=Strict").doesNotContain("HttpOnly");
			String token = xsrf.substring("XSRF-TOKEN=".length(), xsrf.indexOf(';'));

			HttpResponse<String> login = http.send(
					HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/web/api/session"))
						.header("Content-Type", "application/json")
						.header("Cookie", "XSRF-TOKEN=" + token)
						.header("X-XSRF-TOKEN", token)
						.POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"alice\",\"password\":\"wonderland\"}"))
						.build(),
					HttpResponse.BodyHandlers.ofString());

			assertThat(login.statusCode()).isEqualTo(200);
			assertThat(setCookie(login, "__Host-PRISM_SESSION=")).contains("Secure").contains("HttpOnly")
				.contains("Path=/").contains("SameSite=Strict");
			assertThat(setCookie(login, "XSRF-TOKEN=")).contains("; Secure").contains("SameSite=Strict");
		}

		private static String setCookie(HttpResponse<String> response, String prefix) {
			return response.headers()
				.allValues("Set-Cookie")
				.stream()
				.filter(cookie -> cookie.startsWith(prefix))
				.findFirst()
				.orElseThrow(() -> new AssertionError("no " + prefix + " in " + response.headers().map()));
		}

	}

	@Test
	void theCsrfCookieIsStrictAndSecureOnTlsRequestsOutsideProd() {
		org.springframework.mock.web.MockHttpServletRequest request = new org.springframework.mock.web.MockHttpServletRequest();
		org.springframework.mock.web.MockHttpServletResponse response = new org.springframework.mock.web.MockHttpServletResponse();
		var repository = WebLogin.csrfTokenRepository(false);
		repository.saveToken(repository.generateToken(request), request, response);
		assertThat(response.getCookie("XSRF-TOKEN").getAttribute("SameSite")).isEqualTo("Strict");
		assertThat(response.getCookie("XSRF-TOKEN").getSecure()).isFalse();

		request.setSecure(true);
		response = new org.springframework.mock.web.MockHttpServletResponse();
		repository.saveToken(repository.generateToken(request), request, response);
		assertThat(response.getCookie("XSRF-TOKEN").getAttribute("SameSite")).isEqualTo("Strict");
		assertThat(response.getCookie("XSRF-TOKEN").getSecure()).isTrue();
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
