package dev.movies.recommendation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.movies.system.InvalidRequestException.FieldError;
import dev.movies.system.NumberText;

/**
 * The weights of the blended score, by the names the API uses ({@code similarity},
 * {@code genre_overlap}, {@code popularity}, {@code rating}).
 */
public record RankingWeights(double similarity, double genreOverlap, double popularity, double rating) {

	static final List<String> NAMES = List.of("similarity", "genre_overlap", "popularity", "rating");

	/**
	 * Whether only similarity counts (the blend then orders as the pure similarity does).
	 */
	boolean isPureSimilarity() {
		return this.genreOverlap == 0 && this.popularity == 0 && this.rating == 0;
	}

	/**
	 * These weights with the ones a request names replaced; every bad name or value is
	 * added to {@code errors} (each weight 0..1, not all zero).
	 */
	RankingWeights override(Map<String, String> requested, List<FieldError> errors) {
		if (requested == null || requested.isEmpty()) {
			return this;
		}
		double[] values = { this.similarity, this.genreOverlap, this.popularity, this.rating };
		boolean valid = true;
		for (Map.Entry<String, String> entry : requested.entrySet()) {
			String name = entry.getKey() == null ? "" : entry.getKey().trim().toLowerCase(Locale.ROOT);
			int index = NAMES.indexOf(name);
			if (index < 0) {
				errors.add(new FieldError("weights",
						"names unknown weight '%s'; known: %s".formatted(entry.getKey(), String.join(", ", NAMES)),
						entry.getKey()));
				valid = false;
				continue;
			}
			Double value = parse(entry.getValue());
			if (value == null || !(value >= 0 && value <= 1)) {
				errors.add(new FieldError("weights", "weight '%s' must be a number between 0 and 1".formatted(name),
						entry.getValue()));
				valid = false;
				continue;
			}
			values[index] = value;
		}
		if (valid && values[0] + values[1] + values[2] + values[3] == 0) {
			errors.add(new FieldError("weights", "must not all be 0", requested));
		}
		return new RankingWeights(values[0], values[1], values[2], values[3]);
	}

	/**
	 * {@code similarity:0.6,popularity:0.2} as a map; a pair without ':' keeps an empty
	 * value. Names are trimmed; values are kept as sent, to be read as numbers are
	 * ({@link NumberText}: {@code popularity: 0.3} or {@code popularity:0.3f} is a 400).
	 */
	static Map<String, String> parseList(String text) {
		if (text == null || text.isBlank()) {
			return Map.of();
		}
		Map<String, String> pairs = new LinkedHashMap<>();
		for (String pair : text.split(",")) {
			int colon = pair.indexOf(':');
			pairs.put((colon < 0 ? pair : pair.substring(0, colon)).trim(), colon < 0 ? "" : pair.substring(colon + 1));
		}
		return pairs;
	}

	private static Double parse(String value) {
		try {
			return value == null ? null : NumberText.parseDouble(value);
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

}
