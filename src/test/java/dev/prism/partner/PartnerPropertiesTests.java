package dev.prism.partner;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** The partner settings stay within what the upstream services answer (openapi/upstreams.yaml). */
class PartnerPropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
		.withUserConfiguration(Bound.class);

	@Test
	void theLargestAllowedPageAndBatchAreTheUpstreamsOwn() {
		this.runner.withPropertyValues("prism.partner.page-size.max-size=100", "prism.partner.max-skus=200")
			.run(context -> assertThat(context).hasNotFailed());
	}

	@Test
	void aPageLargerThanTheCatalogsIsRefusedAtStartUp() {
		// The catalog answers 100 products at most: a larger page would make the next page token skip products.
		this.runner.withPropertyValues("prism.partner.page-size.max-size=101")
			.run(context -> assertThat(context).hasFailed());
	}

	@Test
	void aBatchLargerThanPricingAnswersIsRefusedAtStartUp() {
		// Pricing and inventory answer 200 skus at most: the rest would silently show as "no price".
		this.runner.withPropertyValues("prism.partner.max-skus=201").run(context -> assertThat(context).hasFailed());
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(PartnerProperties.class)
	static class Bound {

	}

}
