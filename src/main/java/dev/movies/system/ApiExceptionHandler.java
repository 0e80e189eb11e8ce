package dev.movies.system;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.movies.embedding.EmbeddingException;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.MessageSourceResolvable;
import org.springframework.core.MethodParameter;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.beans.TypeMismatchException;
import org.springframework.validation.method.ParameterValidationResult;

import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Turns every failure into {@code application/problem+json} (RFC 9457). Validation
 * failures carry an {@code errors} array naming each bad parameter; unexpected failures
 * never show internals. Over 250 lines on purpose: every problem answer of the API is
 * built here, in one place, one short handler per kind of failure.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

	@Override
	protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		String name = (ex instanceof MethodArgumentTypeMismatchException mismatch) ? mismatch.getName()
				: ex.getPropertyName();
		String message = mustBe(ex.getRequiredType(), ex.getValue());
		ProblemDetail body = invalid("Parameter '%s' %s, got '%s'".formatted(name, message, ex.getValue()),
				List.of(error(name, message, ex.getValue())));
		return handleExceptionInternal(ex, body, headers, HttpStatus.BAD_REQUEST, request);
	}

	@Override
	protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		ProblemDetail body = invalid("Required parameter '%s' is missing".formatted(ex.getParameterName()),
				List.of(error(ex.getParameterName(), "is required", null)));
		return handleExceptionInternal(ex, body, headers, HttpStatus.BAD_REQUEST, request);
	}

	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<Map<String, Object>> errors = new ArrayList<>();
		for (ParameterValidationResult result : ex.getParameterValidationResults()) {
			String name = requestName(result.getMethodParameter());
			for (MessageSourceResolvable error : result.getResolvableErrors()) {
				errors.add(error(name, error.getDefaultMessage(), result.getArgument()));
			}
		}
		return handleExceptionInternal(ex, invalid(summary(errors), errors), headers, HttpStatus.BAD_REQUEST, request);
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<Map<String, Object>> errors = new ArrayList<>();
		for (FieldError error : ex.getBindingResult().getFieldErrors()) {
			// a query parameter of the wrong type bound into a @ModelAttribute: say what
			// it must be
			Class<?> type = error.isBindingFailure() ? ex.getBindingResult().getFieldType(error.getField()) : null;
			String message = (type != null) ? mustBe(type, error.getRejectedValue()) : error.getDefaultMessage();
			errors.add(error(error.getField(), message, error.getRejectedValue()));
		}
		ex.getBindingResult()
			.getGlobalErrors()
			.forEach((error) -> errors.add(error(error.getObjectName(), error.getDefaultMessage(), null)));
		return handleExceptionInternal(ex, invalid(summary(errors), errors), headers, HttpStatus.BAD_REQUEST, request);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof RequestLimitsFilter.BodyTooLargeException tooLarge) {
				ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
						tooLarge.getMessage());
				body.setTitle("Content Too Large");
				return handleExceptionInternal(ex, body, headers, HttpStatus.CONTENT_TOO_LARGE, request);
			}
		}
		Map<String, Object> field = bodyFieldError(ex);
		if (field != null) {
			List<Map<String, Object>> errors = List.of(field);
			return handleExceptionInternal(ex, invalid(summary(errors), errors), headers, HttpStatus.BAD_REQUEST,
					request);
		}
		ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"The request body is missing or is not valid JSON of the expected shape");
		body.setTitle("Malformed request body");
		return handleExceptionInternal(ex, body, headers, HttpStatus.BAD_REQUEST, request);
	}

	@ExceptionHandler(InvalidRequestException.class)
	ResponseEntity<Object> handleInvalidRequest(InvalidRequestException ex, WebRequest request) {
		List<Map<String, Object>> errors = ex.errors()
			.stream()
			.map((e) -> error(e.parameter(), e.message(), e.rejectedValue()))
			.toList();
		return handleExceptionInternal(ex, invalid(ex.getMessage(), errors), new HttpHeaders(), HttpStatus.BAD_REQUEST,
				request);
	}

	/**
	 * The embedding model could not embed a query: busy past the wait, away, or
	 * misconfigured. A 503 the client may retry, never a 500; a query text the model
	 * refuses is the client's 400.
	 */
	@ExceptionHandler(EmbeddingException.class)
	ResponseEntity<Object> handleEmbeddingFailure(EmbeddingException ex, WebRequest request) {
		if (ex.kind() == EmbeddingException.Kind.INPUT_REJECTED) {
			return handleExceptionInternal(ex,
					invalid("The embedding model refused the text: " + ex.getMessage(),
							List.of(error("text", "was refused by the embedding model", null))),
					new HttpHeaders(), HttpStatus.BAD_REQUEST, request);
		}
		log.warn("Query embedding failed for {}: {}", request.getDescription(false), ex.getMessage());
		ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				(ex.kind() == EmbeddingException.Kind.UNAVAILABLE)
						? "The embedding model is busy or unreachable right now; try again shortly"
						: "The embedding model is not usable: the operator has to fix its configuration");
		body.setTitle("Embedding model unavailable");
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, (ex.kind() == EmbeddingException.Kind.UNAVAILABLE) ? "5" : "60");
		return handleExceptionInternal(ex, body, headers, HttpStatus.SERVICE_UNAVAILABLE, request);
	}

	/**
	 * PostgreSQL refused a value of the request as data (SQLState class 22: a NUL
	 * character, a number out of range): the client's 400. Other integrity failures stay
	 * unexpected.
	 */
	@ExceptionHandler(DataIntegrityViolationException.class)
	ResponseEntity<Object> handleDataException(DataIntegrityViolationException ex, WebRequest request) {
		if (ex.getMostSpecificCause() instanceof SQLException sql && sql.getSQLState() != null
				&& sql.getSQLState().startsWith("22")) {
			ProblemDetail body = invalid("A parameter has a value the database cannot hold (such as a NUL character)",
					List.of(error("request", "holds a value the database cannot store or compare", null)));
			return handleExceptionInternal(ex, body, new HttpHeaders(), HttpStatus.BAD_REQUEST, request);
		}
		return handleUnexpected(ex, request);
	}

	/**
	 * Tomcat could not decode a query parameter (percent-encoded bytes that are not
	 * UTF-8).
	 */
	@ExceptionHandler(InvalidParameterException.class)
	ResponseEntity<Object> handleUndecodableParameter(InvalidParameterException ex, WebRequest request) {
		ProblemDetail body = invalid("A query parameter is not valid percent-encoded UTF-8",
				List.of(error("query string", "must be percent-encoded UTF-8", null)));
		return handleExceptionInternal(ex, body, new HttpHeaders(), HttpStatus.BAD_REQUEST, request);
	}

	/**
	 * A statement of an open request ran past {@code movies.limits.query-timeout} and was
	 * cancelled.
	 */
	@ExceptionHandler(QueryTimeoutException.class)
	ResponseEntity<Object> handleQueryTimeout(QueryTimeoutException ex, WebRequest request) {
		log.warn("Request query cancelled at its timeout for {}: {}", request.getDescription(false), ex.getMessage());
		ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"The query took longer than this service allows one request; narrow it (filters, a smaller offset) "
						+ "or try again later");
		body.setTitle("Query too expensive");
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, "10");
		return handleExceptionInternal(ex, body, headers, HttpStatus.SERVICE_UNAVAILABLE, request);
	}

	// A read-only transaction whose connection died fails its rollback too
	// (TransactionSystemException), or cannot begin (CannotCreateTransactionException):
	// the database is away, as for a bare query.
	@ExceptionHandler({ CannotGetJdbcConnectionException.class, DataAccessResourceFailureException.class,
			TransientDataAccessResourceException.class, CannotCreateTransactionException.class,
			TransactionSystemException.class })
	ResponseEntity<Object> handleDatabaseUnavailable(Exception ex, WebRequest request) {
		log.warn("Database unavailable: {}", ex.getMessage());
		ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"The database is not reachable right now; try again shortly");
		body.setTitle("Database unavailable");
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, "5");
		return handleExceptionInternal(ex, body, headers, HttpStatus.SERVICE_UNAVAILABLE, request);
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<Object> handleUnexpected(Exception ex, WebRequest request) {
		log.error("Unexpected error for {}", request.getDescription(false), ex);
		ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
				"An unexpected error occurred; it has been logged");
		return handleExceptionInternal(ex, body, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, request);
	}

	private static ProblemDetail invalid(String detail, List<Map<String, Object>> errors) {
		ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
		body.setTitle("Invalid request");
		body.setProperty("errors", errors);
		return body;
	}

	private static Map<String, Object> error(String parameter, String message, Object rejectedValue) {
		Map<String, Object> error = new LinkedHashMap<>();
		error.put("parameter", parameter);
		error.put("message", message);
		error.put("rejected_value", rejectedValue == null ? null : String.valueOf(rejectedValue));
		return error;
	}

	/**
	 * The name the client used: a {@code @RequestParam("min_rating")} is not called
	 * {@code minRating}.
	 */
	private static String requestName(MethodParameter parameter) {
		RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
		PathVariable variable = parameter.getParameterAnnotation(PathVariable.class);
		String name = (param != null) ? firstNonEmpty(param.name(), param.value())
				: (variable != null) ? firstNonEmpty(variable.name(), variable.value()) : "";
		return name.isEmpty() ? parameter.getParameterName() : name;
	}

	private static String firstNonEmpty(String name, String value) {
		return name.isEmpty() ? value : name;
	}

	private static String summary(List<Map<String, Object>> errors) {
		if (errors.isEmpty()) {
			return "The request is not valid";
		}
		Map<String, Object> first = errors.getFirst();
		String detail = "Parameter '%s' %s".formatted(first.get("parameter"), first.get("message"));
		return errors.size() == 1 ? detail : detail + " (and %d more)".formatted(errors.size() - 1);
	}

	/**
	 * A JSON body whose syntax is fine but one field's value is not of its type ({@code
	 * "limit": 1.5}, {@code "liked": ["x"]}, a number past its type's range): the error
	 * names that field (its top-level name, the item's position in the message), or
	 * {@code null} when Jackson did not say where.
	 */
	private static Map<String, Object> bodyFieldError(HttpMessageNotReadableException ex) {
		for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
			if (cause instanceof JacksonException jackson
					&& !(cause instanceof StreamReadException && !(cause instanceof InputCoercionException))) {
				List<JacksonException.Reference> path = jackson.getPath();
				if (path.isEmpty() || path.getFirst().getPropertyName() == null) {
					return null;
				}
				String message;
				if (jackson.getOriginalMessage() != null && jackson.getOriginalMessage().startsWith("must be ")) {
					message = jackson.getOriginalMessage();
				}
				else if (jackson instanceof InputCoercionException coercion && coercion.getTargetType() != null) {
					message = "must be " + describe(coercion.getTargetType()) + " within its range";
				}
				else if (jackson instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
					message = "must be " + describe(mismatch.getTargetType());
				}
				else {
					message = "is not a valid value";
				}
				if (path.size() > 1 && path.get(1).getIndex() >= 0) {
					message += " (item %d)".formatted(path.get(1).getIndex() + 1);
				}
				return error(path.getFirst().getPropertyName(), message, null);
			}
		}
		return null;
	}

	/**
	 * What a value of the wrong type must be; a whole number past the type's range (an
	 * {@code offset} of 99999999999999999999) is told so, not that it is no whole number.
	 */
	private static String mustBe(Class<?> type, Object value) {
		if (type == null) {
			return "must be another type";
		}
		if (value instanceof String[] values && values.length == 1) {
			value = values[0];
		}
		if (value instanceof String text && text.strip().matches("[+-]?[0-9]+")) {
			if (type == int.class || type == Integer.class) {
				return "must be a whole number between %d and %d".formatted(Integer.MIN_VALUE, Integer.MAX_VALUE);
			}
			if (type == long.class || type == Long.class) {
				return "must be a whole number between %d and %d".formatted(Long.MIN_VALUE, Long.MAX_VALUE);
			}
		}
		return "must be " + describe(type);
	}

	private static String describe(Class<?> type) {
		if (type == int.class || type == long.class || type == Integer.class || type == Long.class) {
			return "a whole number";
		}
		if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
			return "a number";
		}
		if (type.isEnum()) {
			List<String> names = new ArrayList<>();
			for (Object constant : type.getEnumConstants()) {
				names.add(constant.toString());
			}
			return "one of " + String.join(", ", names);
		}
		return "a valid " + type.getSimpleName();
	}

}
