package dev.movies.recommendation;

import dev.movies.system.NumberText;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;

/**
 * Decimal fields of a JSON request body ({@code min_rating}, {@code min_similarity},
 * {@code diversity}), read as strictly as the query string's: a JSON number, or a string
 * holding one in the API's spelling ({@link NumberText}). Jackson's default also took
 * {@code " 7"} and, through Java's parser, spellings such as {@code "0x1p3"}; anything
 * but a number is a 400 naming the field ({@code ApiExceptionHandler}).
 */
final class DecimalNumbers {

	private DecimalNumbers() {
	}

	static final class DoubleDeserializer extends ValueDeserializer<Double> {

		@Override
		public Double deserialize(JsonParser p, DeserializationContext ctxt) {
			if (p.currentToken() == JsonToken.VALUE_NUMBER_INT || p.currentToken() == JsonToken.VALUE_NUMBER_FLOAT) {
				return p.getDoubleValue();
			}
			if (p.currentToken() == JsonToken.VALUE_STRING && NumberText.isDecimal(p.getString())) {
				return Double.valueOf(p.getString());
			}
			return ctxt.reportInputMismatch(this, "must be a number");
		}

	}

}
