package dev.prism.partner;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.prism.platform.problem.ProblemDetails;
import dev.prism.platform.problem.ProblemResponseWriter;

/**
 * Enforces each partner's quota: every answer to an authenticated partner carries {@code RateLimit-Limit},
 * {@code RateLimit-Remaining} and {@code RateLimit-Reset}; over quota it is 429 with {@code Retry-After}.
 */
class PartnerQuotaFilter extends OncePerRequestFilter {

	private final PartnerQuota quota;

	private final ProblemResponseWriter writer;

	PartnerQuotaFilter(PartnerQuota quota, ProblemResponseWriter writer) {
		this.quota = quota;
		this.writer = writer;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null || !(authentication.getPrincipal() instanceof PartnerIdentity partner)) {
			chain.doFilter(request, response);
			return;
		}
		QuotaProbe probe = this.quota.consume(partner.id(), partner.requestsPerMinute());
		response.setHeader("RateLimit-Limit", Long.toString(probe.limit()));
		response.setHeader("RateLimit-Remaining", Long.toString(probe.remaining()));
		response.setHeader("RateLimit-Reset", Long.toString(probe.resetSeconds()));
		if (!probe.allowed()) {
			this.writer.write(response, ProblemDetails.of(HttpStatus.TOO_MANY_REQUESTS, "quota-exceeded",
					"Too many requests", "Your quota of " + probe.limit() + " requests per minute is used up. "
							+ "Retry after " + probe.retryAfterSeconds() + " s."),
					Duration.ofSeconds(probe.retryAfterSeconds()));
			return;
		}
		chain.doFilter(request, response);
	}

}
