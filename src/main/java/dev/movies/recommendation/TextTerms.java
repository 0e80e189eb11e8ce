package dev.movies.recommendation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The words of a free-text query as the full-text half of hybrid retrieval weighs them:
 * each lexeme by its inverse document frequency in the catalogue,
 * {@code ln(1 + movies / movies holding it)}, so a name or a rare word counts many times
 * more than "film" or "love". A movie's full-text match is the share of the query's
 * weight its document holds; only a movie holding at least {@code minShare} of it is a
 * full-text match at all, so one incidental shared word never lifts a movie into a plot
 * description's results, while a text naming a person, a title or a place (the rare words
 * that carry most of its weight) finds it.
 *
 * @param lexemes the query's distinct lexemes, heaviest first
 * @param weights their weights, in the same order
 * @param needed the weight a movie's document must hold to match
 * @param ofBest the share of the best match's weight a match must hold too
 */
record TextTerms(List<String> lexemes, List<Double> weights, double needed, double ofBest) {

	/**
	 * @param frequencies each lexeme of the query with the number of movies whose
	 * document holds it
	 * @param movies the catalogue's size (an estimate will do: it only scales the
	 * weights)
	 * @param minShare the share of the query's weight a match must hold, 0..1
	 * @param ofBest the share of the best match's weight a match must hold, 0..1
	 */
	static TextTerms of(Map<String, Long> frequencies, double movies, double minShare, double ofBest) {
		double catalogue = Math.max(1, movies);
		List<Map.Entry<String, Double>> weighted = new ArrayList<>();
		for (Map.Entry<String, Long> e : frequencies.entrySet()) {
			double holding = Math.max(1, e.getValue());
			weighted.add(Map.entry(e.getKey(), Math.log1p(Math.max(catalogue, holding) / holding)));
		}
		weighted.sort(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder())
			.thenComparing(Map.Entry.comparingByKey()));
		double total = weighted.stream().mapToDouble(Map.Entry::getValue).sum();
		return new TextTerms(weighted.stream().map(Map.Entry::getKey).toList(),
				weighted.stream().map(Map.Entry::getValue).toList(), minShare * total, ofBest);
	}

	boolean isEmpty() {
		return this.lexemes.isEmpty();
	}

	/**
	 * The lexemes a match must hold at least one of: the heaviest, until the others
	 * together weigh less than {@link #needed}. A document holding none of them cannot
	 * reach it, so the index is asked only for these (mostly rare) words.
	 */
	List<String> required() {
		double rest = this.weights.stream().mapToDouble(Double::doubleValue).sum();
		List<String> required = new ArrayList<>();
		for (int i = 0; i < this.lexemes.size() && rest >= this.needed - 1e-9; i++) {
			required.add(this.lexemes.get(i));
			rest -= this.weights.get(i);
		}
		return required;
	}

	/** A tsquery matching any of the lexemes. */
	static String anyOf(List<String> lexemes) {
		return String.join(" | ", lexemes.stream().map(TextTerms::quoted).toList());
	}

	/**
	 * A lexeme as a tsquery operand: quoted, so no character of it is read as an
	 * operator.
	 */
	static String quoted(String lexeme) {
		return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'";
	}

}
