package dev.prism.upstream;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.oauth2.core.OAuth2AuthorizationException;

import dev.prism.platform.request.CallerToken;
import dev.prism.platform.request.RequestContext;

/**
 * The bearer token one service's call carries, resolved on the calling thread before anything is sent: Prism's own
 * identity, the caller's token (from the {@link RequestContext}), or the caller's token exchanged. A call that cannot
 * get its token fails with {@link UpstreamCredentialsUnavailableException} and is not sent; a call the service's
 * circuit breaker would not let through asks for no token at all ({@link UpstreamHttp} checks the breaker first,
 * {@link ServiceGuard#failFastWhileOpen}). ({@code none} and
 * {@code static} need none of this: a static token is a default header of the service's client.)
 */
@FunctionalInterface
interface UpstreamCredential {

	/** The token for this call. */
	String bearer();

	/** Prism's own identity. */
	static UpstreamCredential serviceIdentity(String service, IdentityTokens tokens, String registrationId) {
		return () -> obtain(service, () -> tokens.serviceToken(registrationId));
	}

	/** The caller's own token; without a caller, {@code withoutCaller}, else the call fails. */
	static UpstreamCredential caller(String service, @Nullable UpstreamCredential withoutCaller) {
		return () -> {
			CallerToken caller = RequestContext.current().caller();
			if (caller != null) {
				return caller.value();
			}
			return noCaller(service, withoutCaller);
		};
	}

	/** The caller's token exchanged at {@code registrationId} for {@code audience}; without a caller as above. */
	static UpstreamCredential exchanged(String service, IdentityTokens tokens, String registrationId,
			@Nullable String audience, @Nullable UpstreamCredential withoutCaller) {
		return () -> {
			CallerToken caller = RequestContext.current().caller();
			if (caller != null) {
				return obtain(service, () -> tokens.exchangedToken(registrationId, audience, caller));
			}
			return noCaller(service, withoutCaller);
		};
	}

	private static String noCaller(String service, @Nullable UpstreamCredential withoutCaller) {
		if (withoutCaller != null) {
			return withoutCaller.bearer();
		}
		// Fail closed: never an anonymous call to a service that expects a user.
		throw new UpstreamCredentialsUnavailableException(service, Log.RETRY_AFTER, null);
	}

	private static String obtain(String service, java.util.function.Supplier<String> request) {
		try {
			return request.get();
		}
		catch (OAuth2AuthorizationException ex) {
			Log.log.warn("No token for the {} service: the identity provider {} ({})", service,
					"refused".equals(IdentityProviderHttp.outcome(ex)) ? "refused it" : "did not answer",
					ex.getError().getErrorCode());
			throw new UpstreamCredentialsUnavailableException(service, Log.RETRY_AFTER, ex);
		}
		catch (RuntimeException ex) {
			if (ex instanceof UpstreamCredentialsUnavailableException unavailable) {
				throw unavailable;
			}
			Log.log.warn("No token for the {} service: the identity provider did not answer ({})", service,
					ex.getClass().getSimpleName());
			throw new UpstreamCredentialsUnavailableException(service, Log.RETRY_AFTER, ex);
		}
	}

	/** Holder of the interface's logger. */
	final class Log {

		private static final Logger log = LoggerFactory.getLogger(UpstreamCredential.class);

		private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

		private Log() {
		}

	}

}
