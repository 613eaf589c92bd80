package dev.prism.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.prism.PrismApplication;
import dev.prism.demo.identity.TestIdentityProvider;

/**
 * A real browser (headless Chromium) logs in to the storefront through the demo OpenID provider, with prod's cookie
 * posture — {@code __Host-PRISM_SESSION}, Secure, HttpOnly, SameSite=Strict — and the provider on {@code 127.0.0.1}
 * while Prism is on {@code localhost}, so the provider's redirect back is a real cross-site navigation, on which the
 * session cookie does not come along (the login's authorization request does, in its own Lax cookie). Chromium treats
 * {@code http://localhost} as a secure context, so it keeps Secure cookies there. The walk: the login at the
 * provider's page, an account page that needs the access token after the provider's clock made it due (one refresh
 * grant), the logout through the provider (whose next login asks for the password again), and a session whose refresh
 * the provider refuses, shown as "session expired". Product pictures, drawn by the embedded demo upstreams, load.
 * Tag {@code browser}; saves screenshots to target/storefront-oidc*.png.
 */
@Tag("browser")
@SpringBootTest(classes = PrismApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "prism.demo.identity-provider.enabled=false",
				// prod's session cookie (application-prod.yml)
				"server.servlet.session.cookie.name=__Host-PRISM_SESSION", "server.servlet.session.cookie.secure=true",
				"server.servlet.session.cookie.http-only=true", "server.servlet.session.cookie.same-site=strict",
				"spring.security.oauth2.client.registration.demo.client-name=Northpeak ID",
				"spring.security.oauth2.client.registration.demo.authorization-grant-type=authorization_code",
				"spring.security.oauth2.client.registration.demo.scope=openid,profile,email",
				"spring.security.oauth2.client.registration.demo.redirect-uri={baseUrl}/web/api/oauth2/code/{registrationId}" })
@Import(StorefrontOidcBrowserTests.ProviderTime.class)
class StorefrontOidcBrowserTests {

	static final TestIdentityProvider provider = TestIdentityProvider.start();

	/** Five-minute access tokens, refreshed 60 s + 60 s ahead: due after three minutes. */
	static final Duration DUE = Duration.ofMinutes(4);

	@DynamicPropertySource
	static void demoProvider(DynamicPropertyRegistry registry) {
		provider.register(registry, "demo");
	}

	/** Prism keeps the provider's time. */
	@TestConfiguration(proxyBeanMethods = false)
	static class ProviderTime {

		@Bean
		Clock prismClock() {
			return provider.clock();
		}

	}

	@AfterAll
	static void stopProvider() {
		provider.close();
	}

	@LocalServerPort
	int port;

	WebDriver browser;

	WebDriverWait wait;

	Path profile;

	@BeforeEach
	void openBrowser() throws Exception {
		String chromium = StorefrontBrowserTests.CHROMIUM.stream()
			.filter(path -> new File(path).canExecute())
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("Chromium is not installed (apt-get install chromium)"));
		String driver = StorefrontBrowserTests.CHROMEDRIVER.stream()
			.filter(path -> new File(path).canExecute())
			.findFirst()
			.orElseThrow(() -> new IllegalStateException(
					"chromedriver is not installed (apt-get install chromium-driver)"));
		this.profile = Files.createTempDirectory("prism-chromium");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(chromium);
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
				"--disable-sync", "--window-size=1280,900", "--user-data-dir=" + this.profile);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(driver))
			.usingAnyFreePort()
			.build();
		this.browser = new ChromeDriver(service, options);
		this.wait = new WebDriverWait(this.browser, Duration.ofSeconds(20));
	}

	@AfterEach
	void closeBrowser() {
		if (this.browser != null) {
			this.browser.quit();
		}
		provider.reset();
	}

	String prism() {
		return "http://localhost:" + this.port;
	}

	@Test
	void aShopperLogsInWithNorthpeakIdSeesHerAccountThroughARefreshAndLogsOutAtTheProvider() throws Exception {
		// Given the storefront on localhost, with product pictures and the provider's login beside the password form
		this.browser.get(prism() + "/");
		this.wait.until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector("#products li"), 3));
		WebElement login = this.wait.until(ExpectedConditions.elementToBeClickable(By.id("login-demo")));
		assertThat(login.getText()).isEqualTo("Log in with Northpeak ID");
		assertThat(this.browser.findElement(By.id("login-form")).isDisplayed()).isTrue();
		assertPicturesLoaded("#products li img.thumbnail");

		// When alice logs in at the provider's page (on 127.0.0.1: another site)
		logInAtProvider(login, "alice", "wonderland");

		// Then she is back on the storefront, logged in, with nothing but prod's cookies on localhost
		this.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"), "alice"));
		assertThat(this.browser.getCurrentUrl()).startsWith(prism() + "/");
		Cookie session = this.browser.manage().getCookieNamed("__Host-PRISM_SESSION");
		assertThat(session).as("the session cookie").isNotNull();
		assertThat(session.isSecure()).isTrue();
		assertThat(session.isHttpOnly()).isTrue();
		assertThat(session.getSameSite()).isEqualTo("Strict");
		assertThat(session.getPath()).isEqualTo("/");
		assertThat(this.browser.manage().getCookies()).extracting(Cookie::getName)
			.containsOnly("__Host-PRISM_SESSION", "XSRF-TOKEN", "prism_visitor");
		for (Cookie cookie : this.browser.manage().getCookies()) {
			for (String token : provider.issuedTokens()) {
				assertThat(cookie.getValue()).as("no token in a cookie").doesNotContain(token);
			}
		}
		assertThat(this.browser.findElement(By.id("login-form")).isDisplayed()).isFalse();
		assertThat(this.browser.findElement(By.id("login-demo")).isDisplayed()).isFalse();

		// When her access token is due and she opens her account, which needs it
		int refreshes = provider.refreshGrants();
		provider.advance(DUE);
		this.browser.findElement(By.id("account-button")).click();

		// Then the page shows her account, and Prism refreshed the token once at the provider on the way
		this.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("account-profile"), "Alice Example"));
		assertThat(provider.refreshGrants()).isEqualTo(refreshes + 1);
		// And the product page shows its main picture
		this.browser.findElements(By.cssSelector("#products li")).get(0).click();
		this.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("detail-price"), "EUR"));
		assertPicturesLoaded("#detail-image");
		screenshot("target/storefront-oidc.png");

		// When she logs out
		this.browser.findElement(By.id("logout")).click();

		// Then the browser went through the provider's logout and is back on the storefront, logged out
		this.wait.until(ExpectedConditions.elementToBeClickable(By.id("login-demo")));
		assertThat(this.browser.getCurrentUrl()).startsWith(prism() + "/");
		assertThat(this.browser.findElement(By.id("who")).isDisplayed()).isFalse();
		assertThat(fetchStatus("/web/api/account")).isEqualTo(401);

		// And the provider's session is over too: the next login asks for her password again
		WebElement again = this.browser.findElement(By.id("login-demo"));
		again.click();
		this.wait.until(ExpectedConditions.urlContains(provider.issuer() + "/login"));
		logInAtProvider(null, "alice", "wonderland");
		this.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"), "alice"));
	}

	@Test
	void aSessionWhoseRefreshTheProviderRefusesShowsAsExpired() throws Exception {
		// Given alice logged in with Northpeak ID
		this.browser.get(prism() + "/");
		logInAtProvider(this.wait.until(ExpectedConditions.elementToBeClickable(By.id("login-demo"))), "alice",
				"wonderland");
		this.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"), "alice"));
		assertThat(this.browser.findElement(By.id("session-expired")).isDisplayed()).isFalse();

		// And her refresh token used elsewhere, so the provider rotated it away
		HttpResponse<String> elsewhere = new OidcBrowser(prism()).postForm(
				URI.create(provider.issuer() + "/oauth2/token"),
				Map.of("grant_type", "refresh_token", "refresh_token", provider.lastRefreshToken()),
				provider.clientId() + ":" + provider.clientSecret());
		assertThat(elsewhere.statusCode()).as(elsewhere.body()).isEqualTo(200);
		int refreshes = provider.refreshGrants();

		// When her token is due and she opens her account
		provider.advance(DUE);
		this.browser.findElement(By.id("account-button")).click();

		// Then the storefront says the session expired and offers the logins again; the shop still works
		this.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("session-expired")));
		assertThat(provider.refreshGrants()).isEqualTo(refreshes + 1);
		assertThat(this.browser.findElement(By.id("session-expired")).getText()).contains("expired");
		assertThat(this.browser.findElement(By.id("login-demo")).isDisplayed()).isTrue();
		assertThat(this.browser.findElement(By.id("login-form")).isDisplayed()).isTrue();
		assertThat(this.browser.findElement(By.id("who")).isDisplayed()).isFalse();
		assertThat(this.browser.findElement(By.id("account")).isDisplayed()).isFalse();
		assertThat(this.browser.findElement(By.id("message")).getText()).isEmpty();
		assertThat(fetchStatus("/web/api/session")).isEqualTo(401);
		assertThat(fetchStatus("/web/api/home")).isEqualTo(200);
		screenshot("target/storefront-oidc-expired.png");
	}

	/** Clicks {@code start} (if any) and fills in the provider's login form once it shows. */
	private void logInAtProvider(WebElement start, String username, String password) {
		if (start != null) {
			start.click();
		}
		this.wait.until(ExpectedConditions.urlContains(provider.issuer() + "/login"));
		WebElement user = this.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
		user.sendKeys(username);
		this.browser.findElement(By.id("password")).sendKeys(password);
		this.browser.findElement(By.cssSelector("button[type=submit]")).click();
		this.wait.until(ExpectedConditions.urlContains(prism() + "/"));
	}

	/** Every image matched has loaded (CSP allowed it and the demo served it). */
	private void assertPicturesLoaded(String css) {
		this.wait.until(driver -> {
			List<WebElement> images = driver.findElements(By.cssSelector(css));
			return !images.isEmpty() && images.stream()
				.allMatch(image -> Boolean.TRUE.equals(((JavascriptExecutor) driver)
					.executeScript("return arguments[0].complete && arguments[0].naturalWidth > 0", image)));
		});
	}

	private Object fetchStatus(String path) {
		return ((JavascriptExecutor) this.browser).executeAsyncScript("""
				const done = arguments[arguments.length - 1];
				fetch(arguments[0], {credentials: 'same-origin', headers: {Accept: 'application/json'}})
				  .then(r => done(r.status));""", path) instanceof Long status ? status.intValue() : -1;
	}

	private void screenshot(String path) throws Exception {
		File screenshot = ((TakesScreenshot) this.browser).getScreenshotAs(OutputType.FILE);
		Files.createDirectories(Path.of(path).getParent());
		Files.copy(screenshot.toPath(), Path.of(path), StandardCopyOption.REPLACE_EXISTING);
	}

}
