package dev.prism.platform.problem;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springdoc.api.OpenApiResourceNotFoundException;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import jakarta.validation.ConstraintViolationException;


/**
 * The one place where exceptions become RFC 9457 problem details: Prism's own {@link ProblemException}s, Spring MVC's
 * standard exceptions and anything unexpected (a 500 that reveals nothing but the request id).
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

	@ExceptionHandler(ProblemException.class)
	ResponseEntity<Object> problem(ProblemException exception) {
		if (exception.status().is5xxServerError()) {
			log.warn("Answering {} ({}): {}", exception.status().value(), exception.kind(), exception.getMessage(),
					exception.getCause());
		}
		return ProblemResponseWriter.entity(ProblemDetails.of(exception), exception.retryAfter().orElse(null),
				HttpHeaders.EMPTY);
	}

	@ExceptionHandler(ConstraintViolationException.class)
	ResponseEntity<Object> constraintViolation(ConstraintViolationException exception) {
		ProblemDetail problem = ProblemDetails.of(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
				"The request has invalid parameters.");
		problem.setProperty("errors", exception.getConstraintViolations()
			.stream()
			.map(violation -> Map.of("field", lastNode(violation.getPropertyPath().toString()), "message",
					violation.getMessage()))
			.toList());
		return respond(problem);
	}

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ResponseEntity<Object> typeMismatch(MethodArgumentTypeMismatchException exception) {
		ProblemDetail problem = ProblemDetails.of(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
				"Parameter '" + exception.getName() + "' has an invalid value.");
		return respond(problem);
	}

	@ExceptionHandler(OpenApiResourceNotFoundException.class)
	ResponseEntity<Object> unknownApiDocsGroup(OpenApiResourceNotFoundException exception) {
		return respond(ProblemDetails.of(HttpStatus.NOT_FOUND, "not-found", "Not found",
				"There is no API documentation group of that name: use web, mobile or partner."));
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<Object> unexpected(Exception exception) {
		ResponseStatus declared = AnnotatedElementUtils.findMergedAnnotation(exception.getClass(),
				ResponseStatus.class);
		if (declared != null && declared.code().is4xxClientError()) {
			// A library's own client error (e.g. an unknown API docs group): keep its status, say nothing more.
			return respond(ProblemDetails.ofStatus(declared.code()));
		}
		log.error("Unexpected error", exception);
		return respond(ProblemDetails.ofStatus(HttpStatus.INTERNAL_SERVER_ERROR));
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException exception,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		ProblemDetail problem = ProblemDetails.of(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
				"The request body has invalid fields.");
		List<Map<String, Object>> errors = exception.getBindingResult()
			.getFieldErrors()
			.stream()
			.map(ProblemDetailsAdvice::describe)
			.toList();
		problem.setProperty("errors", errors);
		return ProblemResponseWriter.entity(problem, null, headers);
	}

	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException exception,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		ProblemDetail problem = ProblemDetails.of(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
				"The request has invalid parameters.");
		problem.setProperty("errors", exception.getParameterValidationResults()
			.stream()
			.flatMap(result -> result.getResolvableErrors()
				.stream()
				.map(error -> Map.<String, Object>of("field",
						String.valueOf(result.getMethodParameter().getParameterName()), "message",
						String.valueOf(error.getDefaultMessage()))))
			.toList());
		return ProblemResponseWriter.entity(problem, null, headers);
	}

	@Override
	protected ResponseEntity<Object> handleExceptionInternal(Exception exception, @Nullable Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		// Spring MVC's own exceptions: keep their safe default detail, give them Prism's type and request id.
		String detail = body instanceof ProblemDetail spring && spring.getDetail() != null ? spring.getDetail()
				: ProblemDetails.titleOf(statusCode);
		if (statusCode.value() == 400 && exception instanceof HttpMessageNotReadableException) {
			for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
				if (cause instanceof BodyTooLargeException) {
					ProblemDetail tooLarge = ProblemDetails.of(HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large",
							"Payload too large", "The request body is too large.");
					return ProblemResponseWriter.entity(tooLarge, null, headers);
				}
			}
			detail = "The request body is missing or is not valid JSON of the expected shape.";
		}
		ProblemDetail problem = ProblemDetails.of(statusCode, ProblemDetails.kindOf(statusCode),
				ProblemDetails.titleOf(statusCode), detail);
		return ProblemResponseWriter.entity(problem, null, headers);
	}

	private static Map<String, Object> describe(FieldError error) {
		return Map.of("field", error.getField(), "message", String.valueOf(error.getDefaultMessage()));
	}

	private static String lastNode(String path) {
		int dot = path.lastIndexOf('.');
		return dot < 0 ? path : path.substring(dot + 1);
	}

	private static ResponseEntity<Object> respond(ProblemDetail problem) {
		return ProblemResponseWriter.entity(problem, null, HttpHeaders.EMPTY);
	}

}
