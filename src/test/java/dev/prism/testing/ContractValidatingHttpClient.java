package dev.prism.testing;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

/**
 * An {@link HttpClient} that receives every answer whole, holds it to a contract ({@link ContractValidation}: a
 * channel's, or the upstream services') and then hands it to the caller's body handler: an answer that breaks the
 * contract fails the test with an {@link AssertionError}, from {@code send} or through the future of
 * {@code sendAsync}. Bodies are buffered, which no test here streams.
 */
final class ContractValidatingHttpClient extends HttpClient {

	private final HttpClient delegate;

	private final Check check;

	ContractValidatingHttpClient(HttpClient delegate, Check check) {
		this.delegate = delegate;
		this.check = check;
	}

	/** Fails when an answer breaks the contract. */
	@FunctionalInterface
	interface Check {

		void check(String method, URI uri, int status, Map<String, List<String>> headers, byte[] body);

	}

	@Override
	public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
			throws IOException, InterruptedException {
		return validated(this.delegate.send(request, HttpResponse.BodyHandlers.ofByteArray()), handler);
	}

	@Override
	public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request,
			HttpResponse.BodyHandler<T> handler) {
		return this.delegate.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
			.thenApply(raw -> validated(raw, handler));
	}

	@Override
	public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
			HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
		return sendAsync(request, handler);
	}

	private <T> HttpResponse<T> validated(HttpResponse<byte[]> raw, HttpResponse.BodyHandler<T> handler) {
		HttpRequest request = raw.request();
		this.check.check(request.method(), request.uri(), raw.statusCode(), raw.headers().map(), raw.body());
		return new Answered<>(raw, bodyAs(raw, handler));
	}

	/** The buffered body as the caller's handler would have made it. */
	private static <T> T bodyAs(HttpResponse<byte[]> raw, HttpResponse.BodyHandler<T> handler) {
		HttpResponse.BodySubscriber<T> subscriber = handler.apply(new HttpResponse.ResponseInfo() {
			@Override
			public int statusCode() {
				return raw.statusCode();
			}

			@Override
			public HttpHeaders headers() {
				return raw.headers();
			}

			@Override
			public Version version() {
				return raw.version();
			}
		});
		subscriber.onSubscribe(new Flow.Subscription() {

			private boolean done;

			@Override
			public synchronized void request(long n) {
				if (this.done) {
					return;
				}
				this.done = true;
				if (raw.body().length > 0) {
					subscriber.onNext(List.of(ByteBuffer.wrap(raw.body())));
				}
				subscriber.onComplete();
			}

			@Override
			public synchronized void cancel() {
				this.done = true;
			}

		});
		return subscriber.getBody().toCompletableFuture().join();
	}

	@Override
	public Optional<CookieHandler> cookieHandler() {
		return this.delegate.cookieHandler();
	}

	@Override
	public Optional<Duration> connectTimeout() {
		return this.delegate.connectTimeout();
	}

	@Override
	public Redirect followRedirects() {
		return this.delegate.followRedirects();
	}

	@Override
	public Optional<ProxySelector> proxy() {
		return this.delegate.proxy();
	}

	@Override
	public SSLContext sslContext() {
		return this.delegate.sslContext();
	}

	@Override
	public SSLParameters sslParameters() {
		return this.delegate.sslParameters();
	}

	@Override
	public Optional<Authenticator> authenticator() {
		return this.delegate.authenticator();
	}

	@Override
	public Version version() {
		return this.delegate.version();
	}

	@Override
	public Optional<Executor> executor() {
		return this.delegate.executor();
	}

	/** The validated answer with the body the caller asked for. */
	private record Answered<T>(HttpResponse<byte[]> raw, T body) implements HttpResponse<T> {

		@Override
		public int statusCode() {
			return this.raw.statusCode();
		}

		@Override
		public HttpRequest request() {
			return this.raw.request();
		}

		@Override
		public Optional<HttpResponse<T>> previousResponse() {
			return Optional.empty();
		}

		@Override
		public HttpHeaders headers() {
			return this.raw.headers();
		}

		@Override
		public Optional<SSLSession> sslSession() {
			return this.raw.sslSession();
		}

		@Override
		public URI uri() {
			return this.raw.uri();
		}

		@Override
		public Version version() {
			return this.raw.version();
		}

	}

}
