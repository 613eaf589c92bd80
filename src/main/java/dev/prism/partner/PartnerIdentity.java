package dev.prism.partner;

import java.util.List;

/**
 * The partner a request was authenticated as (the principal of the partner chain).
 *
 * @param id the partner id, e.g. {@code acme}
 * @param customerId the account its orders are placed for
 * @param requestsPerMinute its quota
 * @param scopes what it may do
 */
record PartnerIdentity(String id, String customerId, int requestsPerMinute, List<String> scopes) {
}
