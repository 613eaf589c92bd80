package dev.prism.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;

import dev.prism.testing.ContractValidation;

/**
 * A real browser (Debian's headless Chromium) drives the demo storefront against the embedded demo upstreams: it
 * logs in, browses, places an order — a double click places one — searches, sees a degraded section named while a
 * demo service is down, and logs out. Tag {@code browser}: runs in the system-tests and browser-tests profiles; fails,
 * never skips, when Chromium or chromedriver is missing. Saves screenshots to target/storefront*.png.
 */
@Tag("browser")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StorefrontBrowserTests {

	static final List<String> CHROMIUM = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser");

	static final List<String> CHROMEDRIVER = List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");

	@LocalServerPort
	int port;

	@Autowired
	Environment environment;

	WebDriver browser;

	WebDriverWait wait;

	Path profile;

	@BeforeEach
	void openBrowser() throws Exception {
		String chromium = CHROMIUM.stream().filter(path -> new File(path).canExecute()).findFirst()
			.orElseThrow(() -> new IllegalStateException("Chromium is not installed (apt-get install chromium)"));
		String driver = CHROMEDRIVER.stream().filter(path -> new File(path).canExecute()).findFirst()
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
		this.wait = new WebDriverWait(this.browser, Duration.ofSeconds(15));
	}

	@AfterEach
	void closeBrowser() {
		if (this.browser != null) {
			this.browser.quit();
		}
	}

	@Test
	void aShopperLogsInBrowsesOrdersOnceAndLogsOut() throws Exception {
		// Given the storefront
		this.browser.get("http://127.0.0.1:" + this.port + "/");
		this.wait.until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector("#products li"), 3));
		assertThat(this.browser.findElement(By.id("layout")).getText()).startsWith("layout:");

		// When the shopper logs in
		this.browser.findElement(By.id("username")).sendKeys("alice");
		this.browser.findElement(By.id("password")).sendKeys("wonderland");
		this.browser.findElement(By.id("login")).click();
		this.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"), "alice"));

		// And opens a product
		this.browser.findElements(By.cssSelector("#products li")).get(0).click();
		this.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("detail-price"), "EUR"));
		assertThat(this.browser.findElement(By.id("detail-name")).getText()).isNotBlank();
		this.wait.until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector("#recommendations li"), 0));

		// And double-clicks "Place order"
		WebElement order = this.browser.findElement(By.id("order"));
		((org.openqa.selenium.JavascriptExecutor) this.browser)
			.executeScript("const b = document.getElementById('order'); b.click(); b.disabled = false; b.click();");
		this.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("confirmation"), "placed"));
		String orderId = this.browser.findElement(By.id("confirmation")).getAttribute("data-order-id");
		Thread.sleep(500);

		// Then one order was placed: the account lists it once
		Object accountOrders = ((org.openqa.selenium.JavascriptExecutor) this.browser).executeAsyncScript("""
				const done = arguments[arguments.length - 1];
				fetch('/web/api/account', {credentials: 'same-origin'}).then(r => r.json())
				  .then(a => done(a.recentOrders.filter(o => o.id === arguments[0]).length));""", orderId);
		assertThat(accountOrders).isEqualTo(1L);
		assertThat(this.browser.findElement(By.id("message")).getText()).isEmpty();
		assertThat(order.isEnabled()).isTrue();
		assertThat(this.browser.findElement(By.id("confirmation")).getAttribute("data-order-id")).isEqualTo(orderId);
		screenshot("target/storefront.png");

		// When the shopper searches
		this.browser.findElement(By.id("q")).sendKeys("tent");
		this.browser.findElement(By.id("search")).click();
		this.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("catalog-title"), "tent"));
		this.wait.until(ExpectedConditions.numberOfElementsToBeMoreThan(By.cssSelector("#products li"), 0));
		assertThat(this.browser.findElement(By.id("catalog-meta")).getText()).contains("found");
		assertThat(this.browser.findElements(By.cssSelector("#products li")))
			.anySatisfy(item -> assertThat(item.getText()).containsIgnoringCase("tent"));

		// And opens a product while the recommendations service is down
		demoFault("recommendations", "{\"mode\":\"down\"}");
		try {
			this.browser.findElements(By.cssSelector("#products li")).get(0).click();
			this.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("detail-degraded")));
		}
		finally {
			demoFault(null, null);
		}

		// Then the page still shows the product, and says which section is missing
		assertThat(this.browser.findElement(By.id("detail-degraded")).getText()).contains("recommendations");
		assertThat(this.browser.findElement(By.id("detail-price")).getText()).contains("EUR");
		assertThat(this.browser.findElements(By.cssSelector("#recommendations li"))).isEmpty();
		screenshot("target/storefront-degraded.png");

		// And logging out ends the session
		this.browser.findElement(By.id("logout")).click();
		this.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login")));
		Object afterLogout = ((org.openqa.selenium.JavascriptExecutor) this.browser).executeAsyncScript("""
				const done = arguments[arguments.length - 1];
				fetch('/web/api/account', {credentials: 'same-origin'}).then(r => done(r.status));""");
		assertThat(afterLogout).isEqualTo(401L);
	}

	private void screenshot(String path) throws Exception {
		File screenshot = ((org.openqa.selenium.TakesScreenshot) this.browser).getScreenshotAs(OutputType.FILE);
		Files.createDirectories(Path.of(path).getParent());
		Files.copy(screenshot.toPath(), Path.of(path), StandardCopyOption.REPLACE_EXISTING);
	}

	/**
	 * Sets a fault on one embedded demo service through its admin API ({@code PUT /__admin/faults/{service}}), or
	 * clears every fault when {@code service} is null.
	 */
	private void demoFault(String service, String fault) throws Exception {
		String base = this.environment.getRequiredProperty("prism.upstreams.recommendations.base-url")
			.replaceFirst("/recommendations$", "");
		HttpRequest request = service == null
				? HttpRequest.newBuilder(URI.create(base + "/__admin/faults")).DELETE().build()
				: HttpRequest.newBuilder(URI.create(base + "/__admin/faults/" + service))
					.header("Content-Type", "application/json")
					.PUT(HttpRequest.BodyPublishers.ofString(fault))
					.build();
		HttpResponse<Void> response = ContractValidation.validating(HttpClient.newHttpClient())
			.send(request, HttpResponse.BodyHandlers.discarding());
		assertThat(response.statusCode()).isEqualTo(204);
	}

}
