package dev.movies.recommendation;

import java.util.Collections;
import java.util.List;

import dev.movies.system.InvalidRequestException;
import dev.movies.system.InvalidRequestException.FieldError;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The rules of the text and the example movies, without Spring. */
class QueryRulesTests {

	private static final int MAX_TEXT = 1000;

	@Test
	void everyBadExampleParameterIsReportedAtOnce() {
		List<Long> tooMany = Collections.nCopies(QueryRules.MAX_EXAMPLES + 1, 7L);
		InvalidRequestException ex = catchThrowableOfType(InvalidRequestException.class,
				() -> QueryRules.checkExamples(List.of(), tooMany, null, MAX_TEXT));

		assertThat(ex.errors()).extracting(FieldError::parameter).containsExactly("liked", "disliked");
		assertThat(ex.getMessage()).isEqualTo("Parameter 'liked' needs at least one movie id, or a text (and 1 more)");
	}

	@Test
	void aMovieBothLikedAndDislikedIsNamed() {
		InvalidRequestException ex = catchThrowableOfType(InvalidRequestException.class,
				() -> QueryRules.checkExamples(List.of(1L, 2L), List.of(2L), null, MAX_TEXT));

		assertThat(ex.errors()).singleElement().satisfies((error) -> {
			assertThat(error.parameter()).isEqualTo("disliked");
			assertThat(error.message()).isEqualTo("must not contain liked movies, got both: [2]");
		});
	}

	@Test
	void aTextAloneIsEnoughAndIsCheckedToo() {
		assertThatNoException().isThrownBy(() -> QueryRules.checkExamples(List.of(), List.of(), "space", MAX_TEXT));
		InvalidRequestException ex = catchThrowableOfType(InvalidRequestException.class,
				() -> QueryRules.checkExamples(List.of(), List.of(), "x".repeat(MAX_TEXT + 1), MAX_TEXT));
		assertThat(ex.errors()).extracting(FieldError::parameter).containsExactly("text");
	}

	@Test
	void textRules() {
		assertThat(catchThrowableOfType(InvalidRequestException.class, () -> QueryRules.checkText(" ", true, MAX_TEXT))
			.getMessage()).isEqualTo("Parameter 'text' must not be blank");
		assertThatNoException().isThrownBy(() -> QueryRules.checkText(null, false, MAX_TEXT));
		assertThat(catchThrowableOfType(InvalidRequestException.class,
				() -> QueryRules.checkText("bell\u0007", true, MAX_TEXT))
			.getMessage()).isEqualTo("Parameter 'text' must not contain control characters");
		assertThatNoException().isThrownBy(() -> QueryRules.checkText("two\tlines\n", true, MAX_TEXT));
		assertThat(catchThrowableOfType(InvalidRequestException.class, () -> QueryRules.checkText(" abcd ", true, 3))
			.getMessage())
			.isEqualTo("Parameter 'text' must be at most 3 characters (the embedding model's window), got 4");
		assertThatNoException().isThrownBy(() -> QueryRules.checkText(" abc ", true, 3));
	}

	/**
	 * A14: the rejected value was cut inside a surrogate pair (a lone high surrogate
	 * strict JSON parsers refuse) and an emoji counted as two characters.
	 */
	@Test
	void textOfEmojiIsCountedAndCutInCharactersNotUtf16Units() {
		String emoji = "\uD83D\uDE00";
		InvalidRequestException ex = catchThrowableOfType(InvalidRequestException.class,
				() -> QueryRules.checkText(emoji.repeat(600), true, MAX_TEXT));
		assertThat(ex).isNull();

		ex = catchThrowableOfType(InvalidRequestException.class,
				() -> QueryRules.checkText(emoji.repeat(1200), true, MAX_TEXT));
		assertThat(ex.errors().getFirst().message()).endsWith("got 1200");
		String rejected = (String) ex.errors().getFirst().rejectedValue();
		assertThat(rejected).isEqualTo(emoji.repeat(57) + "...");
		assertThat(QueryRules.abbreviate("x" + emoji.repeat(60))).isEqualTo("x" + emoji.repeat(56) + "...");
	}

	@Test
	void abbreviateKeepsShortTextsAndCutsLongOnes() {
		assertThat(QueryRules.abbreviate("short")).isEqualTo("short");
		assertThat(QueryRules.abbreviate("y".repeat(61))).hasSize(60).endsWith("...");
	}

	@Test
	void distanceMetricsParseTheApiNamesAndNameTheAcceptedOnes() {
		assertThat(DistanceMetric.parse(null)).isEqualTo(DistanceMetric.COSINE);
		assertThat(DistanceMetric.parse(" L2 ")).isEqualTo(DistanceMetric.L2);
		assertThat(DistanceMetric.parse("inner_product")).isEqualTo(DistanceMetric.INNER_PRODUCT);
		assertThat(catchThrowableOfType(IllegalArgumentException.class, () -> DistanceMetric.parse("manhattan")))
			.hasMessage("must be one of cosine, l2, inner_product");
	}

}
