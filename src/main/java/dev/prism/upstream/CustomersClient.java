package dev.prism.upstream;

/** The customers service: customer profiles. */
public class CustomersClient {

	private final UpstreamHttp http;

	CustomersClient(UpstreamHttp http) {
		this.http = http;
	}

	/**
	 * @throws UpstreamNotFoundException when there is no such customer
	 */
	public Customer customer(String id) {
		return this.http.get("customer", UpstreamPath.of("/customers").segment(id), Customer.class);
	}

}
