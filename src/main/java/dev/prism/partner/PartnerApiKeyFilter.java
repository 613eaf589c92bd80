package dev.prism.partner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.prism.platform.security.AttemptThrottle;
import dev.prism.platform.problem.ProblemDetails;
import dev.prism.platform.problem.ProblemResponseWriter;

/**
 * Authenticates partners by {@code X-Api-Key}. Only SHA-256 digests of keys are configured; the presented key's digest
 * is compared with every configured digest in constant time ({@link MessageDigest#isEqual}), without stopping at the
 * first match, so timing reveals nothing. The key itself is never logged. Repeated bad keys from one client address
 * are answered 429; a valid key from that address is still served.
 */
class PartnerApiKeyFilter extends OncePerRequestFilter {

	static final String HEADER = "X-Api-Key";

	private final List<Credential> credentials = new ArrayList<>();

	private final AttemptThrottle badKeys;

	private final ProblemResponseWriter writer;

	/** A configured key's digest, and the authentication its holder gets (built once, not per request). */
	private record Credential(byte[] digest, PartnerIdentity identity, List<GrantedAuthority> authorities) {

		Credential(byte[] digest, PartnerIdentity identity) {
			this(digest, identity, identity.scopes()
				.stream()
				.<GrantedAuthority>map(scope -> new SimpleGrantedAuthority("SCOPE_" + scope))
				.toList());
		}

	}

	/** Cloned per request: cheaper than looking the algorithm up among the security providers every time. */
	private static final MessageDigest SHA_256;

	static {
		try {
			SHA_256 = MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	PartnerApiKeyFilter(Map<String, PartnerProperties.Client> clients, AttemptThrottle badKeys,
			ProblemResponseWriter writer) {
		clients.forEach((id, client) -> client.keySha256()
			.forEach(hex -> this.credentials.add(new Credential(HexFormat.of().parseHex(hex.trim().toLowerCase()),
					new PartnerIdentity(id, client.customerId(), client.requestsPerMinute(), client.scopes())))));
		this.badKeys = badKeys;
		this.writer = writer;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String key = request.getHeader(HEADER);
		if (key == null) {
			chain.doFilter(request, response);
			return;
		}
		Credential credential = credentialFor(key);
		if (credential == null) {
			// Only a bad key counts against its address, and a blocked address is refused only its bad keys: a valid
			// key is always served (offices and carrier NAT share addresses).
			String client = request.getRemoteAddr();
			if (this.badKeys.recordFailure(client)) {
				this.writer.write(response, ProblemDetails.of(HttpStatus.TOO_MANY_REQUESTS, "too-many-bad-keys",
						"Too many requests", "Too many requests with invalid API keys from this address. Try later."),
						this.badKeys.retryAfter(client));
				return;
			}
		}
		else {
			SecurityContext context = SecurityContextHolder.createEmptyContext();
			context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(credential.identity(), null,
					credential.authorities()));
			SecurityContextHolder.setContext(context);
		}
		try {
			chain.doFilter(request, response);
		}
		finally {
			SecurityContextHolder.clearContext();
		}
	}

	/** The credential of this key, or {@code null}; every configured digest is compared. */
	private @Nullable Credential credentialFor(String key) {
		byte[] digest = sha256(key);
		Credential match = null;
		for (Credential credential : this.credentials) {
			if (MessageDigest.isEqual(digest, credential.digest()) && match == null) {
				match = credential;
			}
		}
		return match;
	}

	static byte[] sha256(String key) {
		try {
			return ((MessageDigest) SHA_256.clone()).digest(key.getBytes(StandardCharsets.UTF_8));
		}
		catch (CloneNotSupportedException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
