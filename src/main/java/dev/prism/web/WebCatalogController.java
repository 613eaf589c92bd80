package dev.prism.web;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.prism.platform.apidocs.ApiDocs;
import dev.prism.platform.experiments.Experiments;
import dev.prism.upstream.Availability;
import dev.prism.upstream.Branch;
import dev.prism.upstream.CatalogClient;
import dev.prism.upstream.Degraded;
import dev.prism.upstream.FanOut;
import dev.prism.upstream.InventoryClient;
import dev.prism.upstream.Price;
import dev.prism.upstream.PricingClient;
import dev.prism.upstream.ProductPage;
import dev.prism.web.WebViews.ProductCard;

/** The browser's home page (featured products and the caller's experiment variants) and search results. */
@RestController
@Tag(name = "Catalog", description = "Home page, search and product pages, with prices and stock")
class WebCatalogController {

	static final String VISITOR_COOKIE = "prism_visitor";

	private final CatalogClient catalog;

	private final PricingClient pricing;

	private final InventoryClient inventory;

	private final FanOut fanOut;

	private final WebProperties properties;

	private final WebLogin login;

	private final MeterRegistry meters;

	WebCatalogController(CatalogClient catalog, PricingClient pricing, InventoryClient inventory, FanOut fanOut,
			WebProperties properties, WebLogin login, MeterRegistry meters) {
		this.catalog = catalog;
		this.pricing = pricing;
		this.inventory = inventory;
		this.fanOut = fanOut;
		this.properties = properties;
		this.login = login;
		this.meters = meters;
	}

	record HomePage(List<ProductCard> featured, Map<String, String> experiments, List<String> degraded) {
	}

	record SearchPage(List<ProductCard> items, int page, int size, long total, boolean hasNext,
			List<String> degraded) {
	}

	@GetMapping("/web/api/home")
	@Operation(summary = "Home page",
			description = "Featured products with price and stock, and the caller's experiment variants (keyed by the "
					+ "customer when logged in, else by a prism_visitor cookie that an anonymous first visit sets). "
					+ "Sections that failed are listed in degraded.")
	@ApiResponse(responseCode = "200", description = "The home page")
	@ApiDocs.ComposedFromUpstreams
	ResponseEntity<HomePage> home(@Parameter(hidden = true) Authentication authentication,
			HttpServletRequest request, HttpServletResponse response) {
		ProductPage featured = this.catalog.search(null, null, 0, this.properties.featuredSize());
		Degraded degraded = new Degraded();
		List<ProductCard> cards = cards(featured, degraded);
		Map<String, String> variants = Experiments.assign(this.properties.experiments(),
				subject(authentication, request, response));
		variants.forEach((experiment, variant) -> this.meters
			.counter("prism.web.experiment.exposures", "experiment", experiment, "variant", variant)
			.increment());
		// Variants depend on the caller: private, and varying by the session/visitor cookie.
		return ResponseEntity.ok()
			.cacheControl(CacheControl.noCache().cachePrivate())
			.header(HttpHeaders.VARY, HttpHeaders.COOKIE)
			.body(new HomePage(cards, variants, degraded.sections()));
	}

	@GetMapping("/web/api/products")
	@Operation(summary = "Search products",
			description = "One page of search results with price and stock. Sections that failed are listed in degraded.")
	@ApiResponse(responseCode = "200", description = "One page of results")
	@ApiDocs.ComposedFromUpstreams
	ResponseEntity<SearchPage> search(
			@Parameter(description = "Words to search for") @RequestParam(required = false) @Size(max = 100) String q,
			@Parameter(description = "A category, e.g. shoes") @RequestParam(required = false) @Pattern(
					regexp = "[a-z0-9-]{1,40}") String category,
			@Parameter(description = "The page, from 0") @RequestParam(defaultValue = "0") @Min(0) @Max(1000) int page) {
		ProductPage found = this.catalog.search(q, category, page, this.properties.pageSize());
		Degraded degraded = new Degraded();
		List<ProductCard> cards = cards(found, degraded);
		// Search results are the same for every caller: a short public cache, unless something is missing.
		return ResponseEntity.ok()
			.cacheControl(degraded.isEmpty() ? CacheControl.maxAge(Duration.ofSeconds(30)).cachePublic()
					: CacheControl.noCache())
			.body(new SearchPage(cards, found.page(), found.size(), found.total(), found.hasNext(),
					degraded.sections()));
	}

	/** Price and stock of every product on the page: one batch call each, in parallel. */
	private List<ProductCard> cards(ProductPage page, Degraded degraded) {
		List<String> skus = page.skus();
		Branch<Map<String, Price>> prices = this.fanOut.fork("pricing", () -> this.pricing.prices(skus));
		Branch<Map<String, Availability>> stock = this.fanOut.fork("inventory",
				() -> this.inventory.availability(skus));
		Map<String, Price> priceBySku = prices.joinOrDegrade(degraded, "price").orElse(Map.of());
		Map<String, Availability> stockBySku = stock.joinOrDegrade(degraded, "availability").orElse(Map.of());
		return page.items()
			.stream()
			.map(product -> ProductCard.from(product, priceBySku.get(product.sku()), stockBySku.get(product.sku()),
					this.properties.thumbnailWidth()))
			.toList();
	}

	/**
	 * Whom experiments are keyed by: the customer when logged in, otherwise a random visitor id in a cookie — so
	 * anonymous browsing never creates a server-side session just to stay in the same variant.
	 */
	private String subject(Authentication authentication, HttpServletRequest request, HttpServletResponse response) {
		var customer = this.login.customerIdOf(authentication);
		if (customer.isPresent()) {
			return customer.get();
		}
		if (request.getCookies() != null) {
			for (Cookie cookie : request.getCookies()) {
				if (VISITOR_COOKIE.equals(cookie.getName()) && cookie.getValue().matches("[0-9a-f-]{36}")) {
					return cookie.getValue();
				}
			}
		}
		String visitor = UUID.randomUUID().toString();
		Cookie cookie = new Cookie(VISITOR_COOKIE, visitor);
		cookie.setHttpOnly(true);
		cookie.setSecure(request.isSecure());
		cookie.setPath("/");
		cookie.setMaxAge((int) Duration.ofDays(90).toSeconds());
		cookie.setAttribute("SameSite", "Lax");
		response.addCookie(cookie);
		return visitor;
	}

}
