package dev.prism.partner;

/**
 * The outcome of taking one request from a partner's quota.
 *
 * @param allowed whether the request may proceed
 * @param limit the quota per minute
 * @param remaining requests left now
 * @param resetSeconds seconds until the quota is full again
 * @param retryAfterSeconds seconds until the next request is allowed (0 when allowed)
 */
record QuotaProbe(boolean allowed, long limit, long remaining, long resetSeconds, long retryAfterSeconds) {
}
