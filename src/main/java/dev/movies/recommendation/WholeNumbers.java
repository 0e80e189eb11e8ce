package dev.movies.recommendation;

import java.util.function.Function;

import dev.movies.system.NumberText;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;

/**
 * Whole numbers of a JSON request body, read strictly: Jackson's default turns
 * {@code 1.5} into {@code 1} and {@code 140.5} into {@code 140} without a word, so a
 * {@code "limit": 1.5} or a {@code "liked": [140.5]} would silently ask for something
 * else. A JSON integer (or a string holding one in the API's spelling,
 * {@link NumberText}, as the query string's parameters are) is accepted; a fraction, an
 * exponent, a boolean or anything else is a 400 naming the field
 * ({@code ApiExceptionHandler}), as is a number past the type's range.
 */
final class WholeNumbers {

	static final String MESSAGE = "must be a whole number";

	private WholeNumbers() {
	}

	private static String wholeText(JsonParser p, DeserializationContext ctxt, ValueDeserializer<?> source) {
		if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
			return p.getString();
		}
		if (p.currentToken() == JsonToken.VALUE_STRING && NumberText.isWhole(p.getString())) {
			return p.getString();
		}
		return ctxt.reportInputMismatch(source, MESSAGE);
	}

	/**
	 * The whole number {@code p} holds, parsed by {@code parse}; past the type's range
	 * ({@code min}..{@code max}) a 400 saying so.
	 */
	private static <T> T whole(JsonParser p, DeserializationContext ctxt, ValueDeserializer<T> source,
			Function<String, T> parse, long min, long max) {
		String text = wholeText(p, ctxt, source);
		try {
			return parse.apply(text);
		}
		catch (NumberFormatException ex) {
			return ctxt.reportInputMismatch(source, "must be a whole number between %d and %d", min, max);
		}
	}

	/** For {@code Integer} fields: limit, offset, years. */
	static final class IntegerDeserializer extends ValueDeserializer<Integer> {

		@Override
		public Integer deserialize(JsonParser p, DeserializationContext ctxt) {
			return whole(p, ctxt, this, Integer::valueOf, Integer.MIN_VALUE, Integer.MAX_VALUE);
		}

	}

	/** For {@code Long} items: movie ids. */
	static final class LongDeserializer extends ValueDeserializer<Long> {

		@Override
		public Long deserialize(JsonParser p, DeserializationContext ctxt) {
			return whole(p, ctxt, this, Long::valueOf, Long.MIN_VALUE, Long.MAX_VALUE);
		}

	}

}
