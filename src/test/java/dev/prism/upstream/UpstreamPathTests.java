package dev.prism.upstream;

import java.net.URI;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** The upstream URIs Prism builds without a URI template engine: as RestClient's templates encoded them. */
class UpstreamPathTests {

	@Test
	void fixedPathsAndQueryValuesLandBelowTheBaseUrl() {
		URI uri = UpstreamPath.of("/products").query("q", "red shoe").query("page", 2).under("http://host:9000/catalog");

		assertThat(uri).hasToString("http://host:9000/catalog/products?q=red%20shoe&page=2");
		assertThat(uri.getQuery()).isEqualTo("q=red shoe&page=2");
	}

	@Test
	void aVariableSegmentCannotClimbOrQueryThePath() {
		URI uri = UpstreamPath.of("/products").segment("../admin?x=1#y").then("/reviews").under("http://host");

		assertThat(uri.getRawPath()).isEqualTo("/products/..%2Fadmin%3Fx%3D1%23y/reviews");
		assertThat(uri.getQuery()).isNull();
		assertThat(uri.getFragment()).isNull();
	}

	@Test
	void aQueryValueCannotAddParametersAndCommaSeparatedListsStayReadable() {
		URI uri = UpstreamPath.of("/availability").query("skus", "SKU-1,SKU-2&admin=true").under("http://host");

		assertThat(uri.getRawQuery()).isEqualTo("skus=SKU-1,SKU-2%26admin%3Dtrue");
	}

	@Test
	void absentQueryValuesAreLeftOut() {
		assertThat(UpstreamPath.of("/recommendations").query("sku", "A").query("customerId", null).query("limit", 4))
			.hasToString("/recommendations?sku=A&limit=4");
	}

	@Test
	void aPathIsRootedAndSegmentsComeBeforeTheQuery() {
		assertThatIllegalArgumentException().isThrownBy(() -> UpstreamPath.of("products"));
		assertThatIllegalStateException().isThrownBy(() -> UpstreamPath.of("/a").query("x", 1).segment("b"));
	}

}
