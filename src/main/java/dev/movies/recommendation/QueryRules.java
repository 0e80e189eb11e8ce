package dev.movies.recommendation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import dev.movies.system.InvalidRequestException;
import dev.movies.system.InvalidRequestException.FieldError;

/**
 * The rules of a request's own query inputs, the free text and the example movies
 * ({@link ExampleRequest}, {@code /text}); {@link SearchOptions#from} holds those of the
 * parameters every endpoint shares. A bad input is an {@link InvalidRequestException}
 * naming it.
 */
final class QueryRules {

	/** Most liked or disliked movies one request may name. */
	static final int MAX_EXAMPLES = 100;

	private QueryRules() {
	}

	/**
	 * A free text to embed as a query: not blank (when required), no control characters,
	 * at most {@code maxCharacters} once stripped.
	 */
	static void checkText(String text, boolean required, int maxCharacters) {
		if (text == null || text.isBlank()) {
			if (required) {
				throw InvalidRequestException.of("text", "must not be blank", text);
			}
			return;
		}
		if (text.chars().anyMatch((c) -> Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r')) {
			throw InvalidRequestException.of("text", "must not contain control characters", abbreviate(text));
		}
		int max = maxCharacters;
		String stripped = text.strip();
		int characters = stripped.codePointCount(0, stripped.length());
		if (characters > max) {
			throw InvalidRequestException.of("text",
					"must be at most %d characters (the embedding model's window), got %d".formatted(max, characters),
					abbreviate(text));
		}
	}

	/**
	 * Liked and disliked movies (and a text) of {@code POST /api/recommendations}: every
	 * bad one reported at once.
	 */
	static void checkExamples(List<Long> liked, List<Long> disliked, String text, int maxCharacters) {
		List<FieldError> errors = new ArrayList<>();
		if (liked.isEmpty() && (text == null || text.isBlank())) {
			errors.add(new FieldError("liked", "needs at least one movie id, or a text", liked));
		}
		if (liked.size() > MAX_EXAMPLES) {
			errors.add(new FieldError("liked", "must name at most %d movies".formatted(MAX_EXAMPLES), liked.size()));
		}
		if (disliked.size() > MAX_EXAMPLES) {
			errors.add(
					new FieldError("disliked", "must name at most %d movies".formatted(MAX_EXAMPLES), disliked.size()));
		}
		if (liked.stream().anyMatch(Objects::isNull) || disliked.stream().anyMatch(Objects::isNull)) {
			errors.add(new FieldError(liked.stream().anyMatch(Objects::isNull) ? "liked" : "disliked",
					"must not contain null", null));
		}
		Set<Long> both = new HashSet<>(liked);
		both.retainAll(new HashSet<>(disliked)); // an immutable list's contains(null)
													// throws
		if (!both.isEmpty()) {
			errors.add(new FieldError("disliked", "must not contain liked movies, got both: " + both, both));
		}
		if (!errors.isEmpty()) {
			throw new InvalidRequestException(errors);
		}
		checkText(text, false, maxCharacters);
	}

	/** A text shortened for a message or a description. */
	/**
	 * The first 57 characters and "...", cut between code points: a cut inside a
	 * surrogate pair left a lone surrogate that strict JSON parsers refuse.
	 */
	static String abbreviate(String text) {
		if (text.codePointCount(0, text.length()) <= 60) {
			return text;
		}
		return text.substring(0, text.offsetByCodePoints(0, 57)) + "...";
	}

}
