package dev.prism.platform.request;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * One access-log line per request on the logger {@code prism.access.<channel>}: method, path (never the query string,
 * which may carry cursors or tokens), status and duration; the request id and channel travel in the MDC, so they show
 * up in structured logs too.
 */
class AccessLogFilter extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long started = System.nanoTime();
		try {
			chain.doFilter(request, response);
		}
		finally {
			Logger log = LoggerFactory.getLogger("prism.access." + Channels.ofPath(request.getRequestURI()));
			if (log.isInfoEnabled()) {
				log.info("{} {} {} {}ms", request.getMethod(), sanitize(request.getRequestURI()), response.getStatus(),
						(System.nanoTime() - started) / 1_000_000);
			}
		}
	}

	private static final java.util.regex.Pattern CONTROL = java.util.regex.Pattern.compile("\\p{Cntrl}");

	private static String sanitize(String path) {
		String clean = path.length() > 200 ? path.substring(0, 200) + "..." : path;
		return CONTROL.matcher(clean).replaceAll("?");
	}

}
