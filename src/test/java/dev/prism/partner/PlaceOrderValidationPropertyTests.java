package dev.prism.partner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import jakarta.validation.Validation;
import jakarta.validation.Validator;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import dev.prism.partner.PartnerOrderController.OrderLineV1;
import dev.prism.partner.PartnerOrderController.PlaceOrderV1;

/**
 * The order body validator accepts exactly the orders DESIGN.md allows — 1 to 50 lines, quantities 1 to 99, skus of
 * letters, digits and dashes — whatever lines are thrown at it.
 */
class PlaceOrderValidationPropertyTests {

	private static final Validator validator = Validation.buildDefaultValidatorFactory().getValidator();

	@Provide
	Arbitrary<OrderLineV1> lines() {
		Arbitrary<String> skus = Arbitraries.oneOf(Arbitraries.strings().withCharRange('A', 'Z').numeric().withChars('-')
			.ofMinLength(1).ofMaxLength(70), Arbitraries.strings().ofMaxLength(20), Arbitraries.just("SKU-1001"));
		Arbitrary<Integer> quantities = Arbitraries.integers().between(-5, 120);
		return Combinators.combine(skus, quantities).as(OrderLineV1::new);
	}

	@Property(tries = 500)
	void anOrderIsValidExactlyWhenEveryRuleHolds(@ForAll("orders") List<OrderLineV1> lines) {
		boolean expected = !lines.isEmpty() && lines.size() <= 50 && lines.stream()
			.allMatch(line -> line.quantity() >= 1 && line.quantity() <= 99
					&& line.sku().matches("[A-Za-z0-9][A-Za-z0-9-]{0,63}"));

		assertThat(validator.validate(new PlaceOrderV1(lines)).isEmpty()).isEqualTo(expected);
	}

	@Provide
	Arbitrary<List<OrderLineV1>> orders() {
		return lines().list().ofMinSize(0).ofMaxSize(60);
	}

}
