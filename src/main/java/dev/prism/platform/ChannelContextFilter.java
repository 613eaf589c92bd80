package dev.prism.platform;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Marks a request as served by one channel and starts its time budget. Each channel registers one for its path
 * prefix with its own {@code prism.<channel>.deadline}; every upstream call made for the request inherits it.
 */
public class ChannelContextFilter extends OncePerRequestFilter {

	private final String channel;

	private final Duration budget;

	public ChannelContextFilter(String channel, Duration budget) {
		this.channel = channel;
		this.budget = budget;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		RequestContext context = RequestContext.current().withChannel(this.channel, Deadline.in(this.budget));
		try (RequestContext.Scope scope = context.open()) {
			chain.doFilter(request, response);
		}
	}

	public String channel() {
		return this.channel;
	}

	public Duration budget() {
		return this.budget;
	}

}
