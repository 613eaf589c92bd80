package dev.prism.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.interaction.ApiOperationResolver;
import com.atlassian.oai.validator.model.ApiOperation;
import com.atlassian.oai.validator.model.ApiOperationMatch;
import com.atlassian.oai.validator.model.Body;
import com.atlassian.oai.validator.model.ByteArrayBody;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.Response;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.MessageResolver;
import com.atlassian.oai.validator.report.SimpleValidationReportFormat;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.schema.SchemaValidator;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.test.web.servlet.ResultHandler;
import org.springframework.web.util.UriUtils;

/**
 * Holds every answer a test gets from a channel to the committed contract ({@code openapi/<channel>.yaml}), as an
 * external validating proxy would: Atlassian's validator checks the status, the media type, the body's schema (with
 * undeclared properties reported as errors) and the declared headers, and on top of it every header outside
 * {@link #PLUMBING_HEADERS} must be declared for that operation and status. Hooked in once per HTTP client
 * ({@link #validating(HttpClient)}) and once for MockMvc ({@link #mockMvc()}, applied to every {@code MockMvc}
 * by {@link ContractValidationMockMvcConfiguration}).
 * <p>
 * In scope are the answers under a channel's prefix ({@code /web/}, {@code /mobile/}, {@code /partner/}), but for
 * CORS preflights ({@code OPTIONS}); the actuator, the demo upstreams, the docs, the storefront and {@code /error}
 * are no channel's contract. One narrow
 * rule covers requests for a path or method the contract does not have (an unknown route): such an answer must be a
 * client error (4xx) that is a problem detail of the contract's {@code Problem} schema with its {@code X-Request-Id}.
 * <p>
 * The domain services' side is held the same way to {@code openapi/upstreams.yaml}: the demo upstreams' answers
 * ({@link #validatingUpstreams(HttpClient)}, {@link #checkUpstream}) and the requests the typed clients send to them
 * ({@link #upstreamRequests()}, which checks the answers too). An upstream call is addressed as the demo and the
 * tests lay base URLs out, {@code /<service>/<path of the contract>}; the operation must be one of that service
 * (its tag), else the call is an unknown route of that service, answered as above but without the
 * {@code X-Request-Id}, which services need not echo. The demo's admin API ({@code /__admin/}) and its product
 * pictures ({@code /images/}) are no service's contract.
 */
public final class ContractValidation {

	/** Where the committed contracts are, relative to the project (the working directory of the tests). */
	static final Path SPECS = Path.of("openapi");

	/**
	 * Headers an answer may carry without its operation declaring them: HTTP framing and connection management,
	 * caching, cookies (each {@code Set-Cookie} is described in words where it is set), CORS, and the browser
	 * security headers Spring Security writes on every answer.
	 */
	static final Set<String> PLUMBING_HEADERS = Set.of("date", "vary", "cache-control", "content-type",
			"content-length", "transfer-encoding", "connection", "keep-alive", "content-encoding", "pragma", "expires",
			"set-cookie", "x-content-type-options", "x-frame-options", "content-security-policy", "referrer-policy",
			"strict-transport-security", "x-xss-protection", "cross-origin-opener-policy",
			"cross-origin-embedder-policy", "cross-origin-resource-policy", "access-control-allow-origin",
			"access-control-allow-credentials", "access-control-allow-methods", "access-control-allow-headers",
			"access-control-expose-headers", "access-control-max-age");

	/** The message key of a header the contract does not declare for the operation and status. */
	static final String UNDECLARED_HEADER = "prism.response.header.undeclared";

	/** The contract of the domain services, written by hand (not generated: {@code OpenApiContractTests} skips it). */
	static final Path UPSTREAMS = SPECS.resolve("upstreams.yaml");

	/** The domain services, each a tag of {@link #UPSTREAMS}. */
	static final List<String> SERVICES = List.of("catalog", "pricing", "inventory", "reviews", "recommendations",
			"customers", "orders");

	private static final List<String> CHANNELS = List.of("web", "mobile", "partner");

	private static final String UPSTREAMS_KEY = "upstreams";

	private static final Map<String, Contract> CONTRACTS = new ConcurrentHashMap<>();

	private ContractValidation() {
	}

	/**
	 * {@code client}, validating every answer it receives against the contracts; they are read now, so the first
	 * answer does not wait for them (a load test times its answers).
	 */
	public static HttpClient validating(HttpClient client) {
		CHANNELS.forEach(ContractValidation::contract);
		return new ContractValidatingHttpClient(client, ContractValidation::check);
	}

	/**
	 * {@code client}, validating every answer it receives from the demo upstreams against {@code
	 * openapi/upstreams.yaml}; an answer that breaks it fails the test.
	 */
	public static HttpClient validatingUpstreams(HttpClient client) {
		upstreams();
		return new ContractValidatingHttpClient(client, ContractValidation::checkUpstream);
	}

	/**
	 * An interceptor for the {@code RestClient}s of the typed upstream clients: it holds every request they send
	 * and every answer they get to {@code openapi/upstreams.yaml}, so the clients and the demo meet on one contract.
	 */
	public static ClientHttpRequestInterceptor upstreamRequests() {
		upstreams();
		return new ContractValidationInterceptor();
	}

	/** A MockMvc result handler validating every answer against the contracts. */
	public static ResultHandler mockMvc() {
		return result -> {
			var request = result.getRequest();
			if (request.isAsyncStarted()) {
				return;
			}
			var response = result.getResponse();
			Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
			for (String name : response.getHeaderNames()) {
				headers.put(name, List.copyOf(response.getHeaders(name)));
			}
			if (response.getContentType() != null) {
				headers.put("Content-Type", List.of(response.getContentType()));
			}
			String query = request.getQueryString();
			URI uri = URI.create(request.getRequestURI() + (query == null ? "" : "?" + query));
			check(request.getMethod(), uri, response.getStatus(), headers, response.getContentAsByteArray());
		};
	}

	/** Fails with every violation when the answer is not what the contract of its channel says. */
	public static void check(String method, URI uri, int status, Map<String, List<String>> headers, byte[] body) {
		List<String> violations = violations(method, uri, status, headers, body);
		if (!violations.isEmpty()) {
			throw new AssertionError("The answer to " + method + " " + uri.getRawPath() + " (" + status
					+ ") breaks the committed contract:\n  " + String.join("\n  ", violations)
					+ "\nFix the answer or the documentation (then regenerate openapi/ with"
					+ " PRISM_UPDATE_DOCS=1 ./mvnw -B test -Dtest=OpenApiContractTests).");
		}
	}

	/**
	 * What is wrong with the answer to {@code method uri} by the contract of its channel: empty when nothing is, or
	 * when the path belongs to no channel.
	 */
	public static List<String> violations(String method, URI uri, int status, Map<String, List<String>> headers,
			byte[] body) {
		String path = uri.getRawPath();
		String channel = channelOf(path);
		if (channel == null || method.equalsIgnoreCase("OPTIONS")) {
			// No channel's contract; or a CORS preflight, which Spring Security's CORS filter answers for the browser.
			return List.of();
		}
		return contract(channel).violations(method, path, new Answer(status, headers, decoded(headers, body)));
	}

	/** Fails with every violation when an upstream's answer is not what {@code openapi/upstreams.yaml} says. */
	public static void checkUpstream(String method, URI uri, int status, Map<String, List<String>> headers,
			byte[] body) {
		failOn(upstreamViolations(method, uri, status, headers, body), "The answer to " + method + " "
				+ uri.getRawPath() + " (" + status + ") breaks the upstream contract");
	}

	/**
	 * What is wrong with an upstream's answer to {@code method uri} by {@code openapi/upstreams.yaml}: empty when
	 * nothing is, or when the path is the demo's admin API.
	 */
	public static List<String> upstreamViolations(String method, URI uri, int status,
			Map<String, List<String>> headers, byte[] body) {
		UpstreamCall call = UpstreamCall.of(uri.getRawPath());
		if (call == null) {
			return List.of();
		}
		return upstreams().violations(call.service(), method, call.path(),
				new Answer(status, headers, decoded(headers, body)));
	}

	/** Fails with every violation when a request to an upstream is not what {@code openapi/upstreams.yaml} says. */
	public static void checkUpstreamRequest(String method, URI uri, Map<String, List<String>> headers, byte[] body) {
		failOn(upstreamRequestViolations(method, uri, headers, body),
				"The request " + method + " " + uri.getRawPath() + " breaks the upstream contract");
	}

	/** What is wrong with a request to an upstream by {@code openapi/upstreams.yaml}. */
	public static List<String> upstreamRequestViolations(String method, URI uri, Map<String, List<String>> headers,
			byte[] body) {
		UpstreamCall call = UpstreamCall.of(uri.getRawPath());
		if (call == null) {
			return List.of("A request to the demo's admin API is no service's call.");
		}
		SimpleRequest.Builder request = new SimpleRequest.Builder(method.toUpperCase(Locale.ROOT), call.path());
		headers.forEach(request::withHeader);
		if (body != null && body.length > 0) {
			request.withBody(body);
		}
		String query = uri.getRawQuery();
		if (query != null && !query.isEmpty()) {
			Map<String, List<String>> parameters = new LinkedHashMap<>();
			for (String pair : query.split("&")) {
				int eq = pair.indexOf('=');
				String name = UriUtils.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
				String value = eq < 0 ? "" : UriUtils.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
				parameters.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
			}
			parameters.forEach(request::withQueryParam);
		}
		return upstreams().requestViolations(call.service(), request.build());
	}

	private static void failOn(List<String> violations, String what) {
		if (!violations.isEmpty()) {
			throw new AssertionError(what + ", " + UPSTREAMS + ":\n  " + String.join("\n  ", violations)
					+ "\nFix the demo, the client or the contract (a hand-written document, not generated).");
		}
	}

	/**
	 * The service of an upstream call and the path below its base URL; {@code null} for the demo's admin API and its
	 * product pictures.
	 */
	record UpstreamCall(String service, String path) {

		static UpstreamCall of(String rawPath) {
			if (rawPath.startsWith("/__admin/") || rawPath.startsWith("/images/")) {
				return null;
			}
			int slash = rawPath.indexOf('/', 1);
			return slash < 0 ? new UpstreamCall(rawPath.substring(1), "/")
					: new UpstreamCall(rawPath.substring(1, slash), rawPath.substring(slash));
		}

	}

	/** The channel whose contract covers {@code path}, or {@code null}. */
	static String channelOf(String path) {
		if (path.startsWith("/logout/connect/back-channel/")) {
			// The web login's provider logs out through it: in the web contract
			return "web";
		}
		for (String channel : CHANNELS) {
			if (path.startsWith("/" + channel + "/")) {
				return channel;
			}
		}
		return null;
	}

	static Contract contract(String channel) {
		return CONTRACTS.computeIfAbsent(channel,
				name -> new Contract(read(SPECS.resolve(name + ".yaml")), null, true));
	}

	/** The domain services' contract; its paths are below each service's base URL, whatever its servers say. */
	static Contract upstreams() {
		return CONTRACTS.computeIfAbsent(UPSTREAMS_KEY, name -> new Contract(read(UPSTREAMS), "/", false));
	}

	private static String read(Path spec) {
		try {
			return Files.readString(spec);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static byte[] decoded(Map<String, List<String>> headers, byte[] body) {
		boolean gzip = headers.entrySet()
			.stream()
			.anyMatch(header -> header.getKey().equalsIgnoreCase("Content-Encoding")
					&& header.getValue().stream().anyMatch(value -> value.toLowerCase(Locale.ROOT).contains("gzip")));
		if (!gzip || body.length == 0) {
			return body;
		}
		try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** One channel's committed contract, loaded once. */
	static final class Contract {

		private final OpenAPI api;

		private final OpenApiInteractionValidator validator;

		private final ApiOperationResolver operations;

		private final SchemaValidator schemas;

		private final MessageResolver messages;

		/** Whether every answer, an unknown route's too, carries {@code X-Request-Id} (the channels' rule). */
		private final boolean correlated;

		/**
		 * @param basePath the path the contract's paths are below, {@code null} for the one of its first server
		 * @param correlated whether every answer carries {@code X-Request-Id}
		 */
		Contract(String spec, String basePath, boolean correlated) {
			this.correlated = correlated;
			ParseOptions options = new ParseOptions();
			options.setResolve(true);
			options.setResolveFully(true);
			options.setExplicitObjectSchema(false);
			SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(spec, null, options);
			if (parsed.getOpenAPI() == null) {
				throw new IllegalStateException("Unreadable contract: " + parsed.getMessages());
			}
			this.api = parsed.getOpenAPI();
			OpenApi31Types.normalise(this.api);
			LevelResolver levels = LevelResolver.create()
				.withDefaultLevel(ValidationReport.Level.ERROR)
				// Stated although it is the default: a property the contract does not declare is an error.
				.withLevel(SchemaValidator.ADDITIONAL_PROPERTIES_KEY, ValidationReport.Level.ERROR)
				.build();
			this.messages = new MessageResolver(levels);
			this.validator = OpenApiInteractionValidator.createFor(this.api)
				.withBasePathOverride(basePath)
				.withLevelResolver(levels)
				.withStrictOperationPathMatching()
				.withCustomResponseValidation(Contract::undeclaredHeaders)
				.build();
			this.operations = new ApiOperationResolver(this.api, basePath, true);
			this.schemas = new SchemaValidator(this.api, this.messages);
		}

		List<String> violations(String method, String path, Answer answer) {
			return violations(null, method, path, answer);
		}

		/**
		 * The violations of the answer to {@code method path}; with a {@code service}, the operation must be one of
		 * that service (tagged with its name), else the path is an unknown route of that service.
		 */
		List<String> violations(String service, String method, String path, Answer answer) {
			Request.Method verb = Request.Method.valueOf(method.toUpperCase(Locale.ROOT));
			if (operation(service, path, verb) == null) {
				return unknownRoute(answer);
			}
			return messages(this.validator.validateResponse(path, verb, answer));
		}

		/** The violations of a request to {@code service}. */
		List<String> requestViolations(String service, Request request) {
			if (operation(service, request.getPath(), request.getMethod()) == null) {
				return List.of("The " + service + " service has no operation " + request.getMethod() + " "
						+ request.getPath() + ".");
			}
			return messages(this.validator.validateRequest(request));
		}

		private ApiOperation operation(String service, String path, Request.Method verb) {
			ApiOperationMatch match = this.operations.findApiOperation(path, verb);
			if (!match.isPathFound() || !match.isOperationAllowed()) {
				return null;
			}
			ApiOperation operation = match.getApiOperation();
			List<String> tags = operation.getOperation().getTags();
			return service == null || (tags != null && tags.contains(service)) ? operation : null;
		}

		/** An unknown route answers a client error, as a problem detail of the contract's schema. */
		private List<String> unknownRoute(Answer answer) {
			List<String> violations = new ArrayList<>();
			if (answer.getStatus() < 400 || answer.getStatus() >= 500) {
				violations.add("A path or method the contract does not have must answer a client error (4xx), not "
						+ answer.getStatus() + ".");
			}
			if (!answer.getContentType().map(type -> type.startsWith("application/problem+json")).orElse(false)) {
				violations.add("An unknown route must answer application/problem+json, not "
						+ answer.getContentType().orElse("no content type") + ".");
			}
			if (this.correlated && answer.getHeaderValues("X-Request-Id").isEmpty()) {
				violations.add("Every answer carries X-Request-Id.");
			}
			Optional<Body> body = answer.getResponseBody();
			if (body.isEmpty()) {
				violations.add("An unknown route must answer a problem detail, not an empty body.");
			}
			else {
				violations.addAll(messages(this.schemas.validate(() -> body.get().toJsonNode(),
						this.api.getComponents().getSchemas().get("Problem"), "response.body")));
			}
			return violations;
		}

		/** Every header outside the plumbing is one the contract declares for this operation and status. */
		private static ValidationReport undeclaredHeaders(Response response, ApiOperation operation) {
			ApiResponse declared = declaredResponse(operation.getOperation().getResponses(), response.getStatus());
			if (declared == null || !(response instanceof Answer answer)) {
				return ValidationReport.empty(); // an undeclared status is the validator's own error
			}
			Set<String> names = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
			if (declared.getHeaders() != null) {
				names.addAll(declared.getHeaders().keySet());
			}
			List<ValidationReport.Message> undeclared = answer.headerNames()
				.stream()
				.filter(name -> !name.startsWith(":") && !PLUMBING_HEADERS.contains(name.toLowerCase(Locale.ROOT))
						&& !names.contains(name))
				.map(name -> ValidationReport.Message
					.create(UNDECLARED_HEADER, "Response header '" + name + "' is not declared for "
							+ response.getStatus() + " of " + operation.getMethod() + " "
							+ operation.getApiPath().original() + ".")
					.build())
				.toList();
			return ValidationReport.from(undeclared);
		}

		private static ApiResponse declaredResponse(ApiResponses responses, int status) {
			if (responses == null) {
				return null;
			}
			ApiResponse exact = responses.get(Integer.toString(status));
			if (exact != null) {
				return exact;
			}
			ApiResponse range = responses.get(status / 100 + "XX");
			return range != null ? range : responses.get("default");
		}

		private static List<String> messages(ValidationReport report) {
			if (!report.hasErrors()) {
				return List.of();
			}
			List<String> messages = new ArrayList<>();
			for (ValidationReport.Message message : report.getMessages()) {
				if (message.getLevel() == ValidationReport.Level.ERROR) {
					messages.add(message.getKey() + ": " + message.getMessage()
							+ (message.getAdditionalInfo().isEmpty() ? "" : " " + message.getAdditionalInfo()));
				}
			}
			return messages.isEmpty() ? List.of(SimpleValidationReportFormat.getInstance().apply(report)) : messages;
		}

	}

	/** An answer as the validator reads it, its header names kept for the check of undeclared headers. */
	static final class Answer implements Response {

		private final int status;

		private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

		private final byte[] body;

		Answer(int status, Map<String, List<String>> headers, byte[] body) {
			this.status = status;
			headers.forEach((name, values) -> this.headers.merge(name, List.copyOf(values), (a, b) -> {
				List<String> all = new ArrayList<>(a);
				all.addAll(b);
				return all;
			}));
			this.body = body == null ? new byte[0] : body;
		}

		Collection<String> headerNames() {
			return this.headers.keySet();
		}

		@Override
		public int getStatus() {
			return this.status;
		}

		@Override
		@Deprecated
		public Optional<String> getBody() {
			return this.body.length == 0 ? Optional.empty()
					: Optional.of(new String(this.body, StandardCharsets.UTF_8));
		}

		@Override
		public Optional<Body> getResponseBody() {
			return this.body.length == 0 ? Optional.empty() : Optional.of(new ByteArrayBody(this.body));
		}

		@Override
		public Collection<String> getHeaderValues(String name) {
			return this.headers.getOrDefault(name, List.of());
		}

	}

}
