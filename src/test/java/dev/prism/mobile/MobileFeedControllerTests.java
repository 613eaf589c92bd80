package dev.prism.mobile;

import static org.hamcrest.Matchers.matchesPattern;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;

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

import dev.prism.platform.security.SignedTokens;
import dev.prism.testing.ChannelSliceConfiguration;
import dev.prism.testing.EndToEndTestSupport;
import dev.prism.testing.TestTokens;
import dev.prism.upstream.CatalogClient;
import dev.prism.upstream.InventoryClient;
import dev.prism.upstream.PricingClient;

/**
 * The feed controller in a slice, behind the mobile chain and filters: only cursors Prism issued and page sizes it
 * serves reach the catalog.
 */
// Only this channel's MVC components: another channel's (a WebMvcConfigurer, say) is not this slice's.
@WebMvcTest(controllers = MobileFeedController.class,
		excludeFilters = @ComponentScan.Filter(type = FilterType.REGEX, pattern = "dev\\.prism\\.(web|partner)\\..*"))
@Import({ MobileSecurityConfiguration.class, MobileConfiguration.class, ChannelSliceConfiguration.class })
@EnableConfigurationProperties(MobileProperties.class)
@TestPropertySource(properties = { "prism.demo.identity-provider.enabled=false",
		"prism.mobile.jwt.secret=" + EndToEndTestSupport.JWT_SECRET,
		"prism.mobile.cursor-secret=" + MobileFeedControllerTests.SECRET })
class MobileFeedControllerTests {

	static final String SECRET = "test-cursor-secret-0123456789abcdef";

	@Autowired
	MockMvc mvc;

	@MockitoBean
	CatalogClient catalog;

	@MockitoBean
	PricingClient pricing;

	@MockitoBean
	InventoryClient inventory;

	private final String alice = TestTokens.bearer(TestTokens.mobile("c-1001"));

	@Test
	void forgedForeignOrMalformedCursorsAre400() throws Exception {
		SignedTokens cursors = new SignedTokens(SECRET, "cursor");
		String valid = cursors.encode("v1:1:10");
		String tampered = valid.substring(0, valid.length() - 2) + (valid.endsWith("A") ? "BB" : "AA");
		String otherSecret = new SignedTokens("another-cursor-secret-0123456789abcdef", "cursor").encode("v1:1:10");
		for (String cursor : List.of(tampered, otherSecret, cursors.encode("v2:1:10"), cursors.encode("v1:-1:10"),
				cursors.encode("v1:1:51"), cursors.encode("v1:1"), "djE6OTk5OjEw", "%%%", "x".repeat(600))) {
			this.mvc.perform(get("/mobile/api/feed").param("cursor", cursor).header("Authorization", this.alice))
				.andExpect(status().isBadRequest())
				.andExpect(jsonPath("$.type").value(matchesPattern("urn:prism:problem:invalid-.*")));
		}
		verifyNoInteractions(this.catalog, this.pricing, this.inventory);
	}

	@Test
	void aLimitOutsideOneToAHundredIs400() throws Exception {
		for (String limit : List.of("0", "101", "-5", "ten")) {
			this.mvc.perform(get("/mobile/api/feed").param("limit", limit).header("Authorization", this.alice))
				.andExpect(status().isBadRequest())
				.andExpect(jsonPath("$.type").value(matchesPattern("urn:prism:problem:invalid-.*")));
		}
		verifyNoInteractions(this.catalog);
	}

}
