package dev.movies.system;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.movies.system.InvalidRequestException.FieldError;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * The bodies of the API's problem answers, built in this one place: a 400 names each bad
 * parameter in its {@code errors} array and sums them up in its detail ("Parameter 'x'
 * ... (and N more)"), and says what a value of the wrong type must be; a 503 says which
 * dependency is away.
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

	/**
	 * What a value of the wrong type must be; a whole number past the type's range (an
	 * {@code offset} of 99999999999999999999) is told so, not that it is no whole number.
	 * An array type stands for a list of its component type.
	 */
	public static String mustBe(Class<?> type, Object value) {
		if (type == null) {
			return "must be another type";
		}
		if (value instanceof String[] values && values.length == 1) {
			value = values[0];
		}
		if (value instanceof String text && NumberText.isWhole(text)) {
			if (type == int.class || type == Integer.class) {
				return "must be a whole number between %d and %d".formatted(Integer.MIN_VALUE, Integer.MAX_VALUE);
			}
			if (type == long.class || type == Long.class) {
				return "must be a whole number between %d and %d".formatted(Long.MIN_VALUE, Long.MAX_VALUE);
			}
		}
		return "must be " + describe(type);
	}

	/** A value of the type, in words: "a whole number", "one of a, b", ... */
	public static String describe(Class<?> type) {
		if (type == int.class || type == long.class || type == Integer.class || type == Long.class) {
			return "a whole number";
		}
		if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
			return "a number";
		}
		if (type == boolean.class || type == Boolean.class) {
			return "true or false";
		}
		if (type.isArray()) {
			String item = describe(type.getComponentType());
			return item.startsWith("a ") ? item.substring(2) + "s, separated by commas or repeated" : "a list";
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

	private static Map<String, Object> error(FieldError error) {
		Map<String, Object> entry = new LinkedHashMap<>();
		entry.put("parameter", error.parameter());
		entry.put("message", error.message());
		entry.put("rejected_value", error.rejectedValue() == null ? null : String.valueOf(error.rejectedValue()));
		return entry;
	}

}
