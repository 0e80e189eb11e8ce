package dev.movies.system;

import java.util.regex.Pattern;

/**
 * The one spelling of a number the API reads, in a query string, a path or a JSON string:
 * as JSON writes numbers, in ASCII decimal digits with an optional leading minus, and for
 * decimals an optional fraction and exponent ({@code 7}, {@code -3}, {@code 7.5},
 * {@code 1e3}). Java's and Spring's own parsers also take {@code 0x10}, {@code #10},
 * {@code 010}-style octal in places, {@code 10d} or {@code 1.5f}, surrounding or inner
 * blanks, {@code +5} and non-ASCII digits: spellings no client means, which this rule
 * refuses with a 400 naming the parameter.
 */
public final class NumberText {

	private static final Pattern WHOLE = Pattern.compile("-?[0-9]+");

	private static final Pattern DECIMAL = Pattern.compile("-?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

	private NumberText() {
	}

	/** Whether the text is a whole number in the API's spelling. */
	public static boolean isWhole(String text) {
		return WHOLE.matcher(text).matches();
	}

	/** Whether the text is a number (whole or decimal) in the API's spelling. */
	public static boolean isDecimal(String text) {
		return DECIMAL.matcher(text).matches();
	}

	/**
	 * The whole number; a {@link NumberFormatException} for any other spelling or past
	 * the int range.
	 */
	public static int parseInt(String text) {
		return Integer.parseInt(whole(text));
	}

	/**
	 * The whole number; a {@link NumberFormatException} for any other spelling or past
	 * the long range.
	 */
	public static long parseLong(String text) {
		return Long.parseLong(whole(text));
	}

	/**
	 * The number; a {@link NumberFormatException} for any other spelling (too large a
	 * number is infinite, which the parameter's range then refuses).
	 */
	public static double parseDouble(String text) {
		if (!isDecimal(text)) {
			throw new NumberFormatException("not a number: '" + text + "'");
		}
		return Double.parseDouble(text);
	}

	private static String whole(String text) {
		if (!isWhole(text)) {
			throw new NumberFormatException("not a whole number: '" + text + "'");
		}
		return text;
	}

}
