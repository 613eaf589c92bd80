package dev.prism.partner;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

import org.springframework.http.ProblemDetail;

/** The error answers every partner endpoint documents: problem details, with the headers a machine acts on. */
final class PartnerApi {

	private PartnerApi() {
	}

	/** 401, 403, 429 and 503 as RFC 9457 problem details. */
	@Target(ElementType.METHOD)
	@Retention(RetentionPolicy.RUNTIME)
	@ApiResponse(responseCode = "401", description = "Missing or unknown API key",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class),
					examples = @ExampleObject(value = """
							{"type":"urn:prism:problem:unauthorized","title":"Unauthorized","status":401,
							 "detail":"Send a valid partner API key in the X-Api-Key header.","requestId":"5f1c..."}""")))
	@ApiResponse(responseCode = "403", description = "The key lacks the scope this endpoint needs",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "429", description = "Quota used up; wait Retry-After seconds",
			headers = @Header(name = "Retry-After", description = "Seconds until a request is allowed again"),
			content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
	@ApiResponse(responseCode = "503",
			description = "A service this answer needs is unavailable; no partial answer is ever sent. Retry after Retry-After seconds.",
			headers = @Header(name = "Retry-After", description = "Seconds to wait before retrying"),
			content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
	@interface Errors {

	}

}
