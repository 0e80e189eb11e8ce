package dev.movies.recommendation;

import java.util.Locale;

/** How several liked and disliked movies (and a text) become one ranking. */
public enum Strategy {

	/**
	 * Rocchio: one query vector, the mean of the liked movies minus
	 * {@code disliked-weight} times the mean of the disliked ones.
	 */
	AVERAGE,

	/**
	 * Each candidate scores its best similarity among the liked movies minus its best
	 * among the disliked ones (Qdrant's "best score"): a candidate close to any one liked
	 * movie counts, even when the liked movies are far apart.
	 */
	BEST_SCORE;

	static Strategy parse(String value) {
		return valueOf(value.trim().toUpperCase(Locale.ROOT));
	}

	String apiName() {
		return name().toLowerCase(Locale.ROOT);
	}

}
