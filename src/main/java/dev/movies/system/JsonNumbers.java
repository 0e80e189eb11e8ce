package dev.movies.system;

import java.math.BigDecimal;
import java.util.function.Function;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * Numbers of a JSON request body, read as strictly as the query string's: a JSON number,
 * or a string holding one in the API's spelling ({@link NumberText}). Jackson's defaults
 * turn {@code 1.5} into {@code 1} for a whole-number field ({@code "limit": 1.5} or
 * {@code "liked": [140.5]} would silently ask for something else), trim a string's blanks
 * ({@code " 7"}) and take a {@code +} sign. A fraction or exponent where a whole number
 * belongs, a boolean, or any other spelling is refused ({@code ApiExceptionHandler}
 * answers a 400 naming the field; an import rejects the record), as is a whole number
 * past its type's range.
 */
public final class JsonNumbers {

	static final String WHOLE = "must be a whole number";

	private JsonNumbers() {
	}

	/**
	 * Every Integer, Long, Double and BigDecimal of the types a mapper reads (the
	 * import's records).
	 */
	public static JacksonModule module() {
		SimpleModule module = new SimpleModule("strict-numbers");
		module.addDeserializer(Integer.class, new IntegerDeserializer());
		module.addDeserializer(Long.class, new LongDeserializer());
		module.addDeserializer(Double.class, new DoubleDeserializer());
		module.addDeserializer(BigDecimal.class, new BigDecimalDeserializer());
		return module;
	}

	/**
	 * The whole number {@code p} holds, parsed by {@code parse}; past the type's range
	 * ({@code min}..{@code max}) a failure saying so.
	 */
	private static <T> T whole(JsonParser p, DeserializationContext ctxt, ValueDeserializer<T> source,
			Function<String, T> parse, long min, long max) {
		boolean whole = p.currentToken() == JsonToken.VALUE_NUMBER_INT
				|| (p.currentToken() == JsonToken.VALUE_STRING && NumberText.isWhole(p.getString()));
		if (!whole) {
			return ctxt.reportInputMismatch(source, WHOLE);
		}
		try {
			return parse.apply(p.getString());
		}
		catch (NumberFormatException ex) {
			return ctxt.reportInputMismatch(source, "must be a whole number between %d and %d", min, max);
		}
	}

	/** The number {@code p} holds as text, or a failure saying it must be one. */
	private static String decimal(JsonParser p, DeserializationContext ctxt, ValueDeserializer<?> source) {
		boolean number = p.currentToken() == JsonToken.VALUE_NUMBER_INT
				|| p.currentToken() == JsonToken.VALUE_NUMBER_FLOAT
				|| (p.currentToken() == JsonToken.VALUE_STRING && NumberText.isDecimal(p.getString()));
		return number ? p.getString() : ctxt.reportInputMismatch(source, "must be a number");
	}

	/** For {@code Integer} fields: limit, offset, years. */
	public static final class IntegerDeserializer extends ValueDeserializer<Integer> {

		@Override
		public Integer deserialize(JsonParser p, DeserializationContext ctxt) {
			return whole(p, ctxt, this, Integer::valueOf, Integer.MIN_VALUE, Integer.MAX_VALUE);
		}

	}

	/** For {@code Long} fields and items: movie ids. */
	public static final class LongDeserializer extends ValueDeserializer<Long> {

		@Override
		public Long deserialize(JsonParser p, DeserializationContext ctxt) {
			return whole(p, ctxt, this, Long::valueOf, Long.MIN_VALUE, Long.MAX_VALUE);
		}

	}

	/** For {@code Double} fields: ratings, cut-offs, diversity. */
	public static final class DoubleDeserializer extends ValueDeserializer<Double> {

		@Override
		public Double deserialize(JsonParser p, DeserializationContext ctxt) {
			return Double.valueOf(decimal(p, ctxt, this));
		}

	}

	/** For {@code BigDecimal} fields: an imported rating. */
	public static final class BigDecimalDeserializer extends ValueDeserializer<BigDecimal> {

		@Override
		public BigDecimal deserialize(JsonParser p, DeserializationContext ctxt) {
			return new BigDecimal(decimal(p, ctxt, this));
		}

	}

}
