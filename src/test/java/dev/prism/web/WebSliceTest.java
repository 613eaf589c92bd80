package dev.prism.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import dev.prism.testing.ChannelSliceConfiguration;
import dev.prism.upstream.CatalogClient;
import dev.prism.upstream.InventoryClient;
import dev.prism.upstream.PricingClient;
import dev.prism.upstream.RecommendationsClient;
import dev.prism.upstream.ReviewsClient;

/**
 * The web channel's catalog controllers in a {@code @WebMvcTest} slice behind the web chain, the clients they call
 * mocked (inject them with {@code @Autowired}). One configuration, so the slices of both controllers share one context.
 * Only this channel's MVC components: another channel's (a {@code WebMvcConfigurer}, say) is not this slice's.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@WebMvcTest(controllers = { WebCatalogController.class, WebProductController.class },
		excludeFilters = @ComponentScan.Filter(type = FilterType.REGEX, pattern = "dev\\.prism\\.(mobile|partner)\\..*"))
@Import({ WebSecurityConfiguration.class, ChannelSliceConfiguration.class })
@EnableConfigurationProperties(WebProperties.class)
@TestPropertySource(properties = { "prism.web.users.alice.password={noop}wonderland",
		"prism.web.users.alice.customer-id=c-1001", "prism.web.featured-size=8", "prism.web.page-size=20",
		"prism.web.recommendations=4", "prism.web.experiments.home-layout.variants=grid,carousel",
		"prism.web.experiments.home-layout.weights=50,50" })
@MockitoBean(types = { CatalogClient.class, PricingClient.class, InventoryClient.class, ReviewsClient.class,
		RecommendationsClient.class })
@interface WebSliceTest {

}
