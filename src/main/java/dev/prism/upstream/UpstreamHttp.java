package dev.prism.upstream;

import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;

import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.converter.HttpMessageConversionException;
import org.springframework.web.client.HttpStatusCodeException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import dev.prism.platform.problem.ProblemException;
import dev.prism.platform.request.Deadline;
import dev.prism.platform.request.RequestContext;

/**
 * HTTP access to one domain service: JSON in and out, and every failure translated into Prism's typed upstream
 * exceptions (404 -> not found, other 4xx -> rejected, 5xx and I/O -> unavailable, timeouts -> timeout, unreadable
 * bodies -> malformed). Nothing of the upstream's URL or body reaches the exception's client-facing detail.
 */
class UpstreamHttp {

	private final String service;

	private final String baseUrl;

	private final RestClient rest;

	private final ServiceGuard guard;

	/** The per-call token, when the service's credential depends on the call (not {@code none} or {@code static}). */
	private final @Nullable UpstreamCredential credential;

	/** How long an exchange may take at most (never past the request's deadline). */
	private final Duration readTimeout;

	private final UpstreamTimeouts timeouts;

	UpstreamHttp(String service, String baseUrl, RestClient rest, ServiceGuard guard,
			@Nullable UpstreamCredential credential, Duration readTimeout, UpstreamTimeouts timeouts) {
		this.service = service;
		this.readTimeout = readTimeout;
		this.timeouts = timeouts;
		this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
		this.rest = rest;
		this.guard = guard;
		this.credential = credential;
	}

	String service() {
		return this.service;
	}

	/** A GET, retried on transient failures. */
	<T> T get(String operation, UpstreamPath path, Class<T> type) {
		Consumer<HttpHeaders> authorization = authorization(operation);
		return this.guard.call(operation, () -> call(
				() -> this.rest.get().uri(path.under(this.baseUrl)).headers(authorization).retrieve().body(type)));
	}

	<T> T get(String operation, UpstreamPath path, ParameterizedTypeReference<T> type) {
		Consumer<HttpHeaders> authorization = authorization(operation);
		return this.guard.call(operation, () -> call(
				() -> this.rest.get().uri(path.under(this.baseUrl)).headers(authorization).retrieve().body(type)));
	}

	/**
	 * The call's {@code Authorization}, obtained once before the guard — so every attempt carries the same token, and
	 * a call without its credential is never sent, nor counted against the service's circuit breaker. While the
	 * service's circuit is open the call fails first, as the guard would fail it: no token is obtained (or requested
	 * from an identity provider) for a call that will not be sent.
	 */
	private Consumer<HttpHeaders> authorization(String operation) {
		if (this.credential == null) {
			return NO_HEADERS;
		}
		this.guard.failFastWhileOpen(operation);
		String bearer = this.credential.bearer();
		return headers -> headers.setBearerAuth(bearer);
	}

	private static final Consumer<HttpHeaders> NO_HEADERS = headers -> {
	};

	/**
	 * A POST carrying an {@code Idempotency-Key}: retried on transient failures only because the key makes every
	 * attempt land on the same resource — a response lost after the service committed is answered by the retry.
	 */
	<T> T post(String operation, UpstreamPath path, Object body, String idempotencyKey, Class<T> type) {
		if (idempotencyKey == null || idempotencyKey.isBlank()) {
			throw new IllegalArgumentException("A POST to " + this.service + " needs an Idempotency-Key");
		}
		Consumer<HttpHeaders> authorization = authorization(operation);
		return this.guard.call(operation, () -> call(() -> this.rest.post()
			.uri(path.under(this.baseUrl))
			.headers(authorization)
			.header("Idempotency-Key", idempotencyKey)
			.body(body)
			.retrieve()
			.body(type)));
	}

	private <T> T call(java.util.function.Supplier<T> exchange) {
		Deadline deadline = RequestContext.current().deadline();
		if (deadline.isExpired()) {
			throw new UpstreamTimeoutException(this.service, null);
		}
		Duration remaining = deadline.remaining();
		Duration timeout = this.readTimeout.compareTo(remaining) <= 0 ? this.readTimeout : remaining;
		try {
			T body = this.timeouts.exchange(this.service, timeout, exchange);
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
			throw new TransientUpstreamException(this.service, ex);
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
		if (status.value() == 502 || status.value() == 503) {
			return new TransientUpstreamException(this.service, ex);
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
