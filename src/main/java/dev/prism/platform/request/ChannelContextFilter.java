package dev.prism.platform.request;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.prism.platform.problem.ProblemDetails;
import dev.prism.platform.problem.ProblemResponseWriter;

/**
 * Marks a request as served by one channel, starts its time budget, and sheds load: each channel registers one for
 * its path prefix with its own {@code prism.<channel>.deadline} (every upstream call made for the request inherits
 * it) and {@code prism.<channel>.max-concurrent-requests}; beyond that many requests in flight the answer is 503 with
 * {@code Retry-After} at once, instead of a queue that grows without limit.
 */
public class ChannelContextFilter extends OncePerRequestFilter {

	/** A shed request may come back soon: the requests ahead of it take milliseconds. */
	private static final Duration SHED_RETRY_AFTER = Duration.ofSeconds(1);

	private final String channel;

	private final Duration budget;

	private final Semaphore inFlight;

	private final int maxConcurrent;

	private final ProblemResponseWriter writer;

	public ChannelContextFilter(String channel, Duration budget, int maxConcurrent, ProblemResponseWriter writer) {
		this.channel = channel;
		this.budget = budget;
		this.maxConcurrent = maxConcurrent;
		this.inFlight = new Semaphore(maxConcurrent);
		this.writer = writer;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String repeated = repeatedParameter(request.getQueryString());
		if (repeated != null) {
			// Parameter pollution: which of two values counts is a guess, so no value counts.
			this.writer.write(response, ProblemDetails.of(HttpStatus.BAD_REQUEST, "invalid-request",
					"Invalid request", "Query parameter '" + repeated + "' is given more than once."));
			return;
		}
		if (!this.inFlight.tryAcquire()) {
			this.writer.write(response, ProblemDetails.of(HttpStatus.SERVICE_UNAVAILABLE, "overloaded",
					"Service unavailable", "Too many requests in flight on the " + this.channel
							+ " channel. Retry in a moment."), SHED_RETRY_AFTER);
			return;
		}
		RequestContext context = RequestContext.current().withChannel(this.channel, Deadline.in(this.budget));
		try (RequestContext.Scope scope = context.open()) {
			chain.doFilter(request, response);
		}
		finally {
			this.inFlight.release();
		}
	}

	/** The first query parameter name that occurs twice, or {@code null}. */
	static @Nullable String repeatedParameter(@Nullable String query) {
		if (query == null || query.isEmpty()) {
			return null;
		}
		java.util.Set<String> names = new java.util.HashSet<>();
		for (String pair : query.split("&")) {
			int eq = pair.indexOf('=');
			String name = eq < 0 ? pair : pair.substring(0, eq);
			if (!name.isEmpty() && !names.add(name)) {
				return name.length() > 40 ? name.substring(0, 40) : name.replaceAll("[^A-Za-z0-9_.-]", "?");
			}
		}
		return null;
	}

	/**
	 * The filter of one channel, registered for its path prefix {@code /<channel>/*}, after the correlation id and
	 * before security, so even a shed or rejected request carries its channel.
	 */
	public static FilterRegistrationBean<ChannelContextFilter> registration(String channel, Duration budget,
			int maxConcurrent, ProblemResponseWriter writer) {
		FilterRegistrationBean<ChannelContextFilter> registration = new FilterRegistrationBean<>(
				new ChannelContextFilter(channel, budget, maxConcurrent, writer));
		registration.addUrlPatterns("/" + channel + "/*");
		registration.setOrder(EdgeOrder.CHANNEL_CONTEXT_FILTER);
		registration.setName(channel + "ChannelContextFilter");
		return registration;
	}

	/** The channel this filter serves. */
	public String channel() {
		return this.channel;
	}

	/** Requests of this channel in flight now. */
	public int inFlight() {
		return this.maxConcurrent - this.inFlight.availablePermits();
	}



}
