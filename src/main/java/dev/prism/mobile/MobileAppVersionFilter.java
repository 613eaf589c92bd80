package dev.prism.mobile;

import java.io.IOException;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.prism.platform.problem.ProblemDetails;
import dev.prism.platform.problem.ProblemResponseWriter;

/**
 * Retires old apps: an {@code X-App-Version} below {@code prism.mobile.min-app-version} is answered 426 with a
 * problem detail telling the app to upgrade; a malformed version is 400; a request without the header is served.
 */
class MobileAppVersionFilter extends OncePerRequestFilter {

	static final String HEADER = "X-App-Version";

	private static final Pattern VERSION = Pattern.compile("\\d{1,5}(\\.\\d{1,5}){0,2}");

	private final int[] minimum;

	private final String minimumText;

	private final ProblemResponseWriter writer;

	MobileAppVersionFilter(String minimum, ProblemResponseWriter writer) {
		this.minimum = parse(minimum);
		this.minimumText = minimum;
		this.writer = writer;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String version = request.getHeader(HEADER);
		if (version != null) {
			if (!VERSION.matcher(version).matches()) {
				this.writer.write(response, ProblemDetails.of(HttpStatus.BAD_REQUEST, "invalid-app-version",
						"Invalid app version", "X-App-Version must look like 2.4.1."));
				return;
			}
			if (compare(parse(version), this.minimum) < 0) {
				ProblemDetail problem = ProblemDetails.of(HttpStatus.UPGRADE_REQUIRED, "upgrade-required",
						"Upgrade required",
						"This version of the app is no longer supported. Update the app to continue.");
				problem.setProperty("minimumVersion", this.minimumText);
				response.setHeader("Upgrade", "app/" + this.minimumText);
				this.writer.write(response, problem);
				return;
			}
		}
		chain.doFilter(request, response);
	}

	static int[] parse(String version) {
		String[] parts = version.split("\\.");
		int[] numbers = new int[3];
		for (int i = 0; i < Math.min(3, parts.length); i++) {
			numbers[i] = Integer.parseInt(parts[i]);
		}
		return numbers;
	}

	static int compare(int[] a, int[] b) {
		for (int i = 0; i < 3; i++) {
			if (a[i] != b[i]) {
				return Integer.compare(a[i], b[i]);
			}
		}
		return 0;
	}

}
