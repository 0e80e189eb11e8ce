package dev.movies.recommendation;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * How the full-text half of a text query weighs its words: rare words (names) carry the
 * query, common ones little.
 */
class TextTermsTests {

	@Test
	void aRareWordWeighsMoreThanACommonOneAndTheRequiredWordsAreTheRareOnes() {
		Map<String, Long> holding = new LinkedHashMap<>();
		holding.put("film", 60L);
		holding.put("crime", 40L);
		holding.put("al", 5L);
		holding.put("pacino", 4L);

		TextTerms terms = TextTerms.of(holding, 276, 0.5, 0.7);

		assertThat(terms.lexemes()).containsExactly("pacino", "al", "crime", "film");
		assertThat(terms.weights().getFirst()).isCloseTo(Math.log1p(276.0 / 4), within(1e-12));
		assertThat(terms.weights().getLast()).isCloseTo(Math.log1p(276.0 / 60), within(1e-12));
		double total = terms.weights().stream().mapToDouble(Double::doubleValue).sum();
		assertThat(terms.needed()).isCloseTo(total / 2, within(1e-12));
		// "crime" and "film" together hold less than half: a crime film not starring
		// Pacino is no full-text match, so the index is asked for the names only
		assertThat(terms.weights().get(2) + terms.weights().get(3)).isLessThan(terms.needed());
		assertThat(terms.required()).containsExactly("pacino", "al");
		assertThat(TextTerms.anyOf(terms.required())).isEqualTo("'pacino' | 'al'");
	}

	@Test
	void withNoShareRequiredEveryWordCanMatchAndAWordInNoMovieWeighsMost() {
		Map<String, Long> holding = new LinkedHashMap<>();
		holding.put("dream", 16L);
		holding.put("zzyzx", 0L);

		TextTerms terms = TextTerms.of(holding, 276, 0, 0);

		assertThat(terms.lexemes()).containsExactly("zzyzx", "dream");
		assertThat(terms.required()).containsExactly("zzyzx", "dream");
		assertThat(TextTerms.of(Map.of(), 276, 0.5, 0.7).isEmpty()).isTrue();
	}

	@Test
	void aLexemeIsQuotedSoNoCharacterOfItIsAnOperator() {
		assertThat(TextTerms.quoted("o'brien")).isEqualTo("'o''brien'");
		assertThat(TextTerms.quoted("a\\b|c")).isEqualTo("'a\\\\b|c'");
	}

}
