package dev.prism.partner;

/**
 * Per-partner request quotas. In memory for one instance; a shared store (Redis) replaces it when Prism runs on
 * several instances, so a partner cannot multiply its quota by the number of instances.
 */
interface PartnerQuota {

	/** Takes one request from {@code partner}'s quota of {@code requestsPerMinute}. */
	QuotaProbe consume(String partner, int requestsPerMinute);

}
