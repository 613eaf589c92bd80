package dev.prism.web;

import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;

import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.csrf.CsrfTokenRequestHandler;
import org.springframework.security.web.csrf.XorCsrfTokenRequestAttributeHandler;
import org.springframework.util.StringUtils;

/**
 * Spring Security's single-page-app CSRF handling ({@code csrf.spa()}) minus its eager token load: the raw
 * {@code XSRF-TOKEN} cookie value is accepted in the {@code X-XSRF-TOKEN} header, a token rendered into a body is
 * BREACH-masked, but the cookie is only set where the token is used — {@code GET /web/api/session}, the login, and
 * every state-changing request. The eager load would put a {@code Set-Cookie} on publicly cacheable answers, and a
 * shared cache replaying one token to many browsers would defeat the protection.
 */
final class WebCsrfTokenRequestHandler implements CsrfTokenRequestHandler {

	private final CsrfTokenRequestHandler plain = new CsrfTokenRequestAttributeHandler();

	private final CsrfTokenRequestHandler masked = new XorCsrfTokenRequestAttributeHandler();

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, Supplier<CsrfToken> csrfToken) {
		this.masked.handle(request, response, csrfToken);
	}

	@Override
	public @Nullable String resolveCsrfTokenValue(HttpServletRequest request, CsrfToken csrfToken) {
		String header = request.getHeader(csrfToken.getHeaderName());
		// The SPA echoes the cookie as it is (plain); a masked token can only come from a rendered body.
		return (StringUtils.hasText(header) ? this.plain : this.masked).resolveCsrfTokenValue(request, csrfToken);
	}

}
