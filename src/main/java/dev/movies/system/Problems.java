package dev.movies.system;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.movies.system.InvalidRequestException.FieldError;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * The bodies of the API's problem answers, built in this one place: a 400 names each bad
 * parameter in its {@code errors} array and sums them up in its detail ("Parameter 'x'
 * ... (and N more)"); a 503 says which dependency is away.
 */
public final class Problems {

	private Problems() {
	}

	/** A 400 whose detail sums up the errors. */
	public static ProblemDetail invalid(List<FieldError> errors) {
		return invalid(summary(errors), errors);
	}

	/** A 400 with its own detail. */
	public static ProblemDetail invalid(String detail, List<FieldError> errors) {
		ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
		body.setTitle("Invalid request");
		body.setProperty("errors", errors.stream().map(Problems::error).toList());
		return body;
	}

	/** A 503: a dependency of the request is away or unusable. */
	public static ProblemDetail unavailable(String title, String detail) {
		ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, detail);
		body.setTitle(title);
		return body;
	}

	/**
	 * "Parameter 'x' must ...", with "(and N more)" when several parameters are bad.
	 */
	public static String summary(List<FieldError> errors) {
		if (errors.isEmpty()) {
			return "The request is not valid";
		}
		FieldError first = errors.getFirst();
		String detail = "Parameter '%s' %s".formatted(first.parameter(), first.message());
		return errors.size() == 1 ? detail : detail + " (and %d more)".formatted(errors.size() - 1);
	}

	private static Map<String, Object> error(FieldError error) {
		Map<String, Object> entry = new LinkedHashMap<>();
		entry.put("parameter", error.parameter());
		entry.put("message", error.message());
		entry.put("rejected_value", error.rejectedValue() == null ? null : String.valueOf(error.rejectedValue()));
		return entry;
	}

}
