package dev.prism;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import org.junit.jupiter.api.Test;

/**
 * Prism's module walls and BFF rules over the application's classes, and proof that each rule fires on a
 * deliberately bad fixture under {@code fixture.prism}.
 */
@AnalyzeClasses(packages = "dev.prism", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	private static final String APP = "dev.prism";

	private static final String FIXTURES = "fixture.prism";

	@ArchTest
	static final ArchRule bff_slices_do_not_depend_on_each_other = PrismArchitecture
		.bffSlicesDoNotDependOnEachOther(APP);

	@ArchTest
	static final ArchRule bffs_have_no_public_types = PrismArchitecture.bffsHaveNoPublicTypes(APP);

	@ArchTest
	static final ArchRule bffs_hold_no_persistence_jdbc_or_transactions = PrismArchitecture.bffsHoldNoPersistence(APP);

	@ArchTest
	static final ArchRule bffs_do_no_money_arithmetic = PrismArchitecture.bffsDoNoMoneyArithmetic(APP);

	@ArchTest
	static final ArchRule only_upstream_builds_http_clients = PrismArchitecture.onlyUpstreamBuildsHttpClients(APP);

	@ArchTest
	static final ArchRule nobody_depends_on_demo = PrismArchitecture.nobodyDependsOnDemo(APP);

	@ArchTest
	static final ArchRule no_field_injection = PrismArchitecture.noFieldInjection(APP);

	@ArchTest
	static final ArchRule every_package_is_null_marked = PrismArchitecture.everyPackageIsNullMarked(APP);

	private static final JavaClasses fixtures = new ClassFileImporter().importPackages(FIXTURES);

	@Test
	void bffSliceRuleFiresOnAWebClassUsingAMobileClass() {
		assertFires(PrismArchitecture.bffSlicesDoNotDependOnEachOther(FIXTURES), "WebReachesIntoMobile");
	}

	@Test
	void noPublicTypesRuleFiresOnAPublicBffClass() {
		assertFires(PrismArchitecture.bffsHaveNoPublicTypes(FIXTURES), "PublicPartnerView");
	}

	@Test
	void persistenceRuleFiresOnJdbcAndTransactionsInABff() {
		assertFires(PrismArchitecture.bffsHoldNoPersistence(FIXTURES), "MobileOrderRepository");
		assertFires(PrismArchitecture.bffsHoldNoPersistence(FIXTURES), "TransactionalWebCheckout");
	}

	@Test
	void moneyRuleFiresOnBigDecimalArithmeticInABff() {
		assertFires(PrismArchitecture.bffsDoNoMoneyArithmetic(FIXTURES), "WebCartTotal");
	}

	@Test
	void httpClientRuleFiresOnABffBuildingItsOwnClient() {
		assertFires(PrismArchitecture.onlyUpstreamBuildsHttpClients(FIXTURES), "PartnerOwnHttpCall");
		assertFires(PrismArchitecture.onlyUpstreamBuildsHttpClients(FIXTURES), "MobileRestClientCall");
	}

	@Test
	void nullMarkedRuleFiresOnAPackageWithoutIt() {
		assertFires(PrismArchitecture.everyPackageIsNullMarked(FIXTURES), "WebCartTotal");
	}

	@Test
	void demoRuleFiresOnAModuleUsingDemo() {
		assertFires(PrismArchitecture.nobodyDependsOnDemo(FIXTURES), "UpstreamUsesDemoData");
	}

	@Test
	void fieldInjectionRuleFiresOnAutowiredField() {
		assertFires(PrismArchitecture.noFieldInjection(FIXTURES), "FieldInjectedPlatformBean");
	}

	@Test
	void upstreamMayBuildHttpClientsAndAllowedFixturesPass() {
		// The upstream fixture builds an HttpClient and that alone must not fire the rule: the rule is not a
		// blanket ban on the library.
		JavaClasses upstreamOnly = new ClassFileImporter().importPackages(FIXTURES + ".upstream");
		assertThatCode(() -> PrismArchitecture.onlyUpstreamBuildsHttpClients(FIXTURES)
			.allowEmptyShould(true)
			.check(upstreamOnly.that(com.tngtech.archunit.base.DescribedPredicate
				.describe("upstream client", c -> c.getSimpleName().equals("UpstreamHttpFixture")))))
			.doesNotThrowAnyException();
	}

	private static void assertFires(ArchRule rule, String offender) {
		assertThatThrownBy(() -> rule.check(fixtures)).isInstanceOf(AssertionError.class)
			.hasMessageContaining(offender);
	}

}
