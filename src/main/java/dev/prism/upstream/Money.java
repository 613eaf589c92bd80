package dev.prism.upstream;

/** An amount of money as a decimal string, computed upstream. */
public record Money(String currency, String amount) {
}
