package dev.prism.partner;

import static org.hamcrest.Matchers.matchesPattern;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import dev.prism.platform.security.SignedTokens;
import dev.prism.testing.ChannelSliceConfiguration;
import dev.prism.upstream.Availability;
import dev.prism.upstream.CatalogClient;
import dev.prism.upstream.InventoryClient;
import dev.prism.upstream.PricingClient;

/**
 * The catalog feed and availability controller in a slice, behind the partner chain (a key, its scope, its quota
 * headers): what a request must look like, and the deprecation headers of the old stock endpoint.
 */
// Only this channel's MVC components: another channel's (a WebMvcConfigurer, say) is not this slice's.
@WebMvcTest(controllers = PartnerCatalogController.class,
		excludeFilters = @ComponentScan.Filter(type = FilterType.REGEX, pattern = "dev\\.prism\\.(web|mobile)\\..*"))
@Import({ PartnerSecurityConfiguration.class, ChannelSliceConfiguration.class })
@EnableConfigurationProperties(PartnerProperties.class)
@TestPropertySource(properties = { "prism.partner.page-token-secret=" + PartnerCatalogControllerTests.SECRET,
		// acme-demo-key
		"prism.partner.clients.acme.key-sha256=8676d15d94dabdd1283e6c407e2bb08a7b5c13b4e3667d4795c17172e080a3d4",
		"prism.partner.clients.acme.scopes=catalog:read", "prism.partner.clients.acme.customer-id=c-1001" })
class PartnerCatalogControllerTests {

	static final String SECRET = "test-page-token-secret-0123456789abcdef";

	@Autowired
	MockMvc mvc;

	@MockitoBean
	CatalogClient catalog;

	@MockitoBean
	PricingClient pricing;

	@MockitoBean
	InventoryClient inventory;

	static MockHttpServletRequestBuilder asAcme(String path) {
		return get(path).header("X-Api-Key", "acme-demo-key");
	}

	@Test
	void availabilityTakesOneToAHundredWellFormedSkus() throws Exception {
		String tooMany = String.join(",", IntStream.range(0, 101).mapToObj(i -> "SKU-" + i).toList());
		for (String query : List.of("?skus=" + tooMany, "?skus=..%2Fetc", "?skus=SKU-1,bad!", "?skus=", "?skus=,,",
				"")) {
			this.mvc.perform(asAcme("/partner/api/v1/availability" + query))
				.andExpect(status().isBadRequest())
				.andExpect(jsonPath("$.type").value(matchesPattern("urn:prism:problem:invalid-.*")));
		}
		verifyNoInteractions(this.inventory);
	}

	@Test
	void forgedOrForeignPageTokensAndOutOfBoundsPageSizesAre400() throws Exception {
		SignedTokens tokens = new SignedTokens(SECRET, "page token");
		String valid = tokens.encode("v1:1:5");
		String forged = valid.substring(0, valid.length() - 1) + (valid.endsWith("A") ? "B" : "A");
		String otherSecret = new SignedTokens("another-page-token-secret-0123456789", "page token").encode("v1:1:5");
		for (String token : List.of(forged, otherSecret, tokens.encode("v2:1:5"), tokens.encode("v1:-1:5"),
				tokens.encode("v1:1:500"), tokens.encode("v1:x:5"), "%%%", "x".repeat(600))) {
			this.mvc.perform(asAcme("/partner/api/v1/products").param("pageToken", token))
				.andExpect(status().isBadRequest())
				.andExpect(jsonPath("$.type").value(matchesPattern("urn:prism:problem:invalid-.*")));
		}
		for (String pageSize : List.of("0", "101", "abc")) {
			this.mvc.perform(asAcme("/partner/api/v1/products").param("pageSize", pageSize))
				.andExpect(status().isBadRequest());
		}
		verifyNoInteractions(this.catalog, this.pricing, this.inventory);
	}

	@Test
	void theDeprecatedStockEndpointAnnouncesItsSunsetAndSuccessor() throws Exception {
		given(this.inventory.availability(anyCollection()))
			.willReturn(Map.of("SKU-1001", new Availability("SKU-1001", Availability.StockStatus.IN_STOCK, 12)));

		this.mvc.perform(asAcme("/partner/api/v1/stock?skus=SKU-1001"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.items[0].status").value("IN_STOCK"))
			.andExpect(header().string("Deprecation", matchesPattern("@\\d+")))
			.andExpect(header().string("Sunset", "Wed, 30 Jun 2027 00:00:00 GMT"))
			.andExpect(header().string("Link", "</partner/api/v1/availability>; rel=\"successor-version\""));
		this.mvc.perform(asAcme("/partner/api/v1/availability?skus=SKU-1001"))
			.andExpect(status().isOk())
			.andExpect(header().doesNotExist("Deprecation"))
			.andExpect(header().doesNotExist("Sunset"));
	}

}
