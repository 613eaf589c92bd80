package dev.prism.upstream;

/**
 * A sku's current price. Amounts are decimal strings computed by the pricing service; Prism never does arithmetic on
 * them.
 */
public record Price(String sku, String currency, String amount, String listAmount, Integer savingsPercent) {
}
