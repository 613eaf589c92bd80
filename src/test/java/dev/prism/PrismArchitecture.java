package dev.prism;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.math.BigDecimal;
import java.util.Set;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

/**
 * Prism's architecture rules, each built for a root package so the same rule checks the application
 * ({@code dev.prism}) and, in {@link ArchitectureTests}, the deliberately bad fixtures ({@code fixture.prism}) that
 * prove it fires.
 */
final class PrismArchitecture {

	private static final Set<String> MONEY_ARITHMETIC = Set.of("add", "subtract", "multiply", "divide",
			"divideAndRemainder", "divideToIntegralValue", "remainder", "negate", "pow");

	private PrismArchitecture() {
	}

	private static String[] bffs(String root) {
		return new String[] { root + ".web..", root + ".mobile..", root + ".partner.." };
	}

	static ArchRule bffSlicesDoNotDependOnEachOther(String root) {
		return slices().matching(root + ".(web|mobile|partner)..")
			.namingSlices("BFF $1")
			.should()
			.notDependOnEachOther()
			.because("each channel's BFF must be splittable on its own; shared code belongs in upstream or platform");
	}

	static ArchRule bffsHaveNoPublicTypes(String root) {
		return classes().that()
			.resideInAnyPackage(bffs(root))
			.should()
			.notBePublic()
			.because("a BFF exposes nothing, so the compiler itself stops one channel reaching into another");
	}

	static ArchRule bffsHoldNoPersistence(String root) {
		return noClasses().that()
			.resideInAnyPackage(bffs(root))
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("jakarta.persistence..", "javax.persistence..", "java.sql..", "javax.sql..",
					"org.springframework.jdbc..", "org.springframework.orm..", "org.springframework.data.jpa..",
					"org.springframework.transaction..", "jakarta.transaction..")
			.because("domain state lives in the domain services; a BFF only composes and shapes");
	}

	static ArchRule bffsDoNoMoneyArithmetic(String root) {
		return noClasses().that()
			.resideInAnyPackage(bffs(root))
			.should()
			.callMethodWhere(describe("BigDecimal arithmetic",
					(JavaMethodCall call) -> call.getTargetOwner().isAssignableTo(BigDecimal.class)
							&& MONEY_ARITHMETIC.contains(call.getName())))
			.because("money is computed by the pricing and orders services, never by a BFF");
	}

	static ArchRule onlyUpstreamBuildsHttpClients(String root) {
		return noClasses().that()
			.resideOutsideOfPackage(root + ".upstream..")
			.and()
			.resideInAPackage(root + "..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.apache.hc.client5..", "java.net.http..",
					"org.springframework.web.reactive.function.client..", "org.springframework.http.client..")
			.orShould()
			.dependOnClassesThat()
			.haveFullyQualifiedName("org.springframework.web.client.RestClient")
			.orShould()
			.dependOnClassesThat()
			.haveFullyQualifiedName("org.springframework.web.client.RestTemplate")
			.orShould()
			.dependOnClassesThat()
			.haveFullyQualifiedName("java.net.HttpURLConnection")
			.because("only the upstream module talks HTTP to domain services, with its timeouts, retries and breakers");
	}

	static ArchRule nobodyDependsOnDemo(String root) {
		return noClasses().that()
			.resideOutsideOfPackage(root + ".demo..")
			.and()
			.resideInAPackage(root + "..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage(root + ".demo..")
			.because("the demo upstreams are reached only through configured base URLs, so production has no trace of them");
	}

	static ArchRule noFieldInjection(String root) {
		return noClasses().that()
			.resideInAPackage(root + "..")
			.should()
			.dependOnClassesThat()
			.haveFullyQualifiedName("org.springframework.beans.factory.annotation.Autowired")
			.orShould()
			.dependOnClassesThat()
			.haveFullyQualifiedName("jakarta.inject.Inject")
			.because("constructor injection only: dependencies are explicit and fields final");
	}

	static ArchRule everyPackageIsNullMarked(String root) {
		return classes().that()
			.resideInAPackage(root + "..")
			.should(new ArchCondition<JavaClass>("reside in a @NullMarked package") {
				@Override
				public void check(JavaClass type, ConditionEvents events) {
					if (!type.getPackage().isAnnotatedWith("org.jspecify.annotations.NullMarked")) {
						events.add(SimpleConditionEvent.violated(type,
								type.getName() + " is in " + type.getPackageName() + ", which is not @NullMarked"));
					}
				}
			})
			.because("NullAway checks only @NullMarked code: a package without it would escape the null checks");
	}

}
