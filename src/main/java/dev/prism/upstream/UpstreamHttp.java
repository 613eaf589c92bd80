package dev.prism.upstream;

import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.function.Function;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.converter.HttpMessageConversionException;
import org.springframework.web.client.HttpStatusCodeException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.util.UriBuilder;

import dev.prism.platform.ProblemException;
import dev.prism.platform.RequestContext;

/**
 * HTTP access to one domain service: JSON in and out, and every failure translated into Prism's typed upstream
 * exceptions (404 -> not found, other 4xx -> rejected, 5xx and I/O -> unavailable, timeouts -> timeout, unreadable
 * bodies -> malformed). Nothing of the upstream's URL or body reaches the exception's client-facing detail.
 */
class UpstreamHttp {

	private final String service;

	private final RestClient rest;

	UpstreamHttp(String service, RestClient rest) {
		this.service = service;
		this.rest = rest;
	}

	String service() {
		return this.service;
	}

	<T> T get(Function<UriBuilder, URI> uri, Class<T> type) {
		return call(() -> this.rest.get().uri(uri).retrieve().body(type));
	}

	<T> T get(Function<UriBuilder, URI> uri, ParameterizedTypeReference<T> type) {
		return call(() -> this.rest.get().uri(uri).retrieve().body(type));
	}

	<T> T post(Function<UriBuilder, URI> uri, Object body, String idempotencyKey, Class<T> type) {
		return call(() -> this.rest.post()
			.uri(uri)
			.header("Idempotency-Key", idempotencyKey)
			.body(body)
			.retrieve()
			.body(type));
	}

	private <T> T call(java.util.function.Supplier<T> exchange) {
		if (RequestContext.current().deadline().isExpired()) {
			throw new UpstreamTimeoutException(this.service, null);
		}
		try {
			T body = exchange.get();
			if (body == null) {
				throw new UpstreamMalformedResponseException(this.service, null);
			}
			return body;
		}
		catch (ProblemException ex) {
			throw ex;
		}
		catch (HttpStatusCodeException ex) {
			throw translate(ex.getStatusCode(), ex);
		}
		catch (ResourceAccessException ex) {
			if (isTimeout(ex)) {
				throw new UpstreamTimeoutException(this.service, ex);
			}
			throw new UpstreamUnavailableException(this.service, null, ex);
		}
		catch (HttpMessageConversionException ex) {
			throw new UpstreamMalformedResponseException(this.service, ex);
		}
		catch (RestClientException ex) {
			if (ex.getCause() instanceof HttpMessageConversionException
					|| ex.getCause() instanceof tools.jackson.core.JacksonException) {
				throw new UpstreamMalformedResponseException(this.service, ex);
			}
			throw new UpstreamUnavailableException(this.service, null, ex);
		}
	}

	private RuntimeException translate(HttpStatusCode status, HttpStatusCodeException ex) {
		if (status.value() == 404) {
			return new UpstreamNotFoundException("The " + this.service + " service does not know this resource.");
		}
		if (status.value() == 408 || status.value() == 504) {
			return new UpstreamTimeoutException(this.service, ex);
		}
		if (status.is4xxClientError()) {
			return new UpstreamRejectedException(this.service, null);
		}
		return new UpstreamUnavailableException(this.service, null, ex);
	}

	private static boolean isTimeout(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SocketTimeoutException
					|| cause instanceof org.apache.hc.core5.http.ConnectionRequestTimeoutException
					|| (cause instanceof InterruptedIOException && !(cause instanceof java.net.ConnectException))) {
				return true;
			}
		}
		return false;
	}

}
