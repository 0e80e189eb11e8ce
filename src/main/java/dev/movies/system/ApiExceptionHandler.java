package dev.movies.system;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.movies.system.InvalidRequestException.FieldError;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.MessageSourceResolvable;
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
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.beans.TypeMismatchException;
import org.springframework.validation.method.ParameterValidationResult;

/**
 * Turns every failure into {@code application/problem+json} (RFC 9457). Validation
 * failures carry an {@code errors} array naming each bad parameter; unexpected failures
 * never show internals. One short handler per kind of failure; the bodies come from
 * {@link Problems}. A feature's own failure that is not an
 * {@link InvalidRequestException} is mapped beside it (the embedding model's, in
 * {@code embedding/EmbeddingExceptionHandler}), with the same bodies. Over 250 lines: one
 * short handler for each failure Spring MVC, Jackson and JDBC raise, and the wording of a
 * wrong value ({@code describe}) that the answers for a path or query parameter
 * ({@code mustBe}) and for a body field ({@code bodyFieldError}) share; apart, their
 * wordings would drift.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	/** A percent sign not followed by two hex digits. */
	private static final Pattern BAD_ESCAPE = Pattern.compile("%(?![0-9A-Fa-f]{2})");

	private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

	@Override
	protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		String name = (ex instanceof MethodArgumentTypeMismatchException mismatch) ? mismatch.getName()
				: ex.getPropertyName();
		String message = Problems.mustBe(ex.getRequiredType(), ex.getValue());
		ProblemDetail body = Problems.invalid("Parameter '%s' %s, got '%s'".formatted(name, message, ex.getValue()),
				List.of(new FieldError(name, message, ex.getValue())));
		return handleExceptionInternal(ex, body, headers, HttpStatus.BAD_REQUEST, request);
	}

	@Override
	protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		ProblemDetail body = Problems.invalid("Required parameter '%s' is missing".formatted(ex.getParameterName()),
				List.of(new FieldError(ex.getParameterName(), "is required", null)));
		return handleExceptionInternal(ex, body, headers, HttpStatus.BAD_REQUEST, request);
	}

	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldError> errors = new ArrayList<>();
		for (ParameterValidationResult result : ex.getParameterValidationResults()) {
			String name = BindingErrors.requestName(result.getMethodParameter());
			for (MessageSourceResolvable error : result.getResolvableErrors()) {
				errors.add(new FieldError(name, error.getDefaultMessage(), result.getArgument()));
			}
		}
		return handleExceptionInternal(ex, Problems.invalid(errors), headers, HttpStatus.BAD_REQUEST, request);
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldError> errors = new ArrayList<>();
		for (org.springframework.validation.FieldError error : ex.getBindingResult().getFieldErrors()) {
			// a query parameter of the wrong type bound into a @ModelAttribute: say what
			// it must be
			Class<?> type = error.isBindingFailure() ? ex.getBindingResult().getFieldType(error.getField()) : null;
			String message = (type != null)
					? Problems.mustBe(BindingErrors.elementType(ex, error.getField(), type), error.getRejectedValue())
					: error.getDefaultMessage();
			errors.add(new FieldError(error.getField(), message, error.getRejectedValue()));
		}
		ex.getBindingResult()
			.getGlobalErrors()
			.forEach((error) -> errors.add(new FieldError(error.getObjectName(), error.getDefaultMessage(), null)));
		return handleExceptionInternal(ex, Problems.invalid(errors), headers, HttpStatus.BAD_REQUEST, request);
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
		FieldError field = BindingErrors.bodyFieldError(ex);
		if (field != null) {
			return handleExceptionInternal(ex, Problems.invalid(List.of(field)), headers, HttpStatus.BAD_REQUEST,
					request);
		}
		ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"The request body is missing or is not valid JSON of the expected shape");
		body.setTitle("Malformed request body");
		return handleExceptionInternal(ex, body, headers, HttpStatus.BAD_REQUEST, request);
	}

	@ExceptionHandler(InvalidRequestException.class)
	ResponseEntity<Object> handleInvalidRequest(InvalidRequestException ex, WebRequest request) {
		return handleExceptionInternal(ex, Problems.invalid(ex.getMessage(), ex.errors()), new HttpHeaders(),
				HttpStatus.BAD_REQUEST, request);
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
			ProblemDetail body = Problems.invalid(
					"A parameter has a value the database cannot hold (such as a NUL character)",
					List.of(new FieldError("request", "holds a value the database cannot store or compare", null)));
			return handleExceptionInternal(ex, body, new HttpHeaders(), HttpStatus.BAD_REQUEST, request);
		}
		return handleUnexpected(ex, request);
	}

	/**
	 * Tomcat could not read the query string: more parameters than the connector's
	 * {@code max-parameter-count} (1000 by default), or a parameter that is not valid
	 * percent-encoded UTF-8 (then Tomcat gives the decoding failure as the cause, or the
	 * query string holds a {@code %} without two hex digits).
	 */
	@ExceptionHandler(InvalidParameterException.class)
	ResponseEntity<Object> handleUnreadableParameters(InvalidParameterException ex, WebRequest request) {
		String query = (request instanceof ServletWebRequest servlet) ? servlet.getRequest().getQueryString() : null;
		ProblemDetail body;
		if (ex.getCause() == null && query != null && !BAD_ESCAPE.matcher(query).find()) {
			long count = Stream.of(query.split("&")).filter((pair) -> !pair.isEmpty()).count();
			body = Problems.invalid(
					("The request has %d query parameters, more than this service reads; send fewer "
							+ "(a list such as exclude or genres can be one comma-separated value)")
						.formatted(count),
					List.of(new FieldError("query string", "has too many parameters", count)));
		}
		else {
			body = Problems.invalid("A query parameter is not valid percent-encoded UTF-8",
					List.of(new FieldError("query string", "must be percent-encoded UTF-8", null)));
		}
		return handleExceptionInternal(ex, body, new HttpHeaders(), HttpStatus.BAD_REQUEST, request);
	}

	/**
	 * Spring Security's firewall refuses a parameter name or a header value holding a
	 * control character when it is first read, which is inside MVC (a resolver reading
	 * the parameter map, a controller a header), after the filter chain's own handler.
	 * One WARN line without the offending text (it may hold line breaks).
	 */
	@ExceptionHandler(RequestRejectedException.class)
	ResponseEntity<Object> handleRejectedRequest(RequestRejectedException ex, WebRequest request) {
		boolean header = ex.getMessage() != null && ex.getMessage().contains("header");
		log.warn("Request rejected by the firewall ({}) for {}", header ? "a header value" : "a parameter name",
				request.getDescription(false));
		ProblemDetail body = header
				? Problems.invalid("A request header holds a control character",
						List.of(new FieldError("headers", "must not hold control characters", null)))
				: Problems.invalid("A query parameter name holds a control character", List
					.of(new FieldError("query string", "parameter names must not hold control characters", null)));
		return handleExceptionInternal(ex, body, new HttpHeaders(), HttpStatus.BAD_REQUEST, request);
	}

	/**
	 * A statement of an open request ran past {@code movies.limits.query-timeout} and was
	 * cancelled.
	 */
	@ExceptionHandler(QueryTimeoutException.class)
	ResponseEntity<Object> handleQueryTimeout(QueryTimeoutException ex, WebRequest request) {
		log.warn("Request query cancelled at its timeout for {}: {}", request.getDescription(false), ex.getMessage());
		ProblemDetail body = Problems.unavailable("Query too expensive",
				"The query took longer than this service allows one request; narrow it (filters, a smaller offset) "
						+ "or try again later");
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
		ProblemDetail body = Problems.unavailable("Database unavailable",
				"The database is not reachable right now; try again shortly");
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

}
