package dev.prism.platform.request;

import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.core.Ordered;

/**
 * Where each servlet filter, security filter chain and handler mapping stands, in one place: the order a request
 * meets them in is read here, top to bottom.
 */
public final class EdgeOrder {

	// Servlet filters, outermost first.

	/** Every answer gets its request id, even one a later filter refuses. */
	public static final int CORRELATION_ID_FILTER = Ordered.HIGHEST_PRECEDENCE;

	/** Channel answers are buffered whole, so a late failure can still become a problem detail. */
	public static final int WHOLE_RESPONSE_FILTER = Ordered.HIGHEST_PRECEDENCE + 1;

	public static final int ACCESS_LOG_FILTER = Ordered.HIGHEST_PRECEDENCE + 1;

	/** In {@code distributed}: an unreachable Redis is a 503 problem, whichever filter met it. */
	public static final int SHARED_STATE_FAILURE_FILTER = Ordered.HIGHEST_PRECEDENCE + 2;

	public static final int BODY_SIZE_LIMIT_FILTER = Ordered.HIGHEST_PRECEDENCE + 3;

	/** Channel, deadline and load shedding, before security, so a shed or rejected request carries its channel. */
	public static final int CHANNEL_CONTEXT_FILTER = Ordered.HIGHEST_PRECEDENCE + 10;

	public static final int MOBILE_APP_VERSION_FILTER = Ordered.HIGHEST_PRECEDENCE + 20;

	/** Spring Security's filter chain proxy, for reference (Boot's default). */
	public static final int SECURITY_FILTER = SecurityFilterProperties.DEFAULT_FILTER_ORDER;

	/** The caller's token into the request context, once security has authenticated (and refreshed) it. */
	public static final int CALLER_TOKEN_FILTER = SECURITY_FILTER + 1;

	/** ETags of whole mobile answers, after security so a refused request never gets one. */
	public static final int MOBILE_ETAG_FILTER = Ordered.LOWEST_PRECEDENCE - 100;

	// Security filter chains, first match wins.

	public static final int STOREFRONT_CHAIN = 5;

	public static final int WEB_CHAIN = 10;

	/** OpenID Connect back-channel logout, {@code POST /logout/connect/back-channel/{registrationId}}: no CSRF, no session. */
	public static final int WEB_BACK_CHANNEL_LOGOUT_CHAIN = 11;

	public static final int MOBILE_CHAIN = 20;

	public static final int PARTNER_CHAIN = 30;

	public static final int DEMO_CHAIN = 40;

	public static final int ACTUATOR_CHAIN = Ordered.LOWEST_PRECEDENCE - 10;

	/** Opens the public docs and closes every other path. */
	public static final int FALLBACK_CHAIN = Ordered.LOWEST_PRECEDENCE;

	// Spring MVC.

	/** The actuator's handler mappings, just after the controllers' {@code RequestMappingHandlerMapping} (0). */
	public static final int ACTUATOR_MAPPINGS = 1;

	private EdgeOrder() {
	}

}
