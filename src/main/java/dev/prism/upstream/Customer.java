package dev.prism.upstream;

/** A customer profile from the customers service. */
public record Customer(String id, String name, String email, String tier) {
}
