package dev.movies.recommendation;

import java.util.List;

/**
 * A movie a query starts from, with its embedding ({@code null} when it is not embedded
 * yet).
 */
record MovieVector(long id, String title, Integer year, List<String> genreKeys, float[] embedding) {

	boolean embedded() {
		return this.embedding != null;
	}

	String label() {
		return this.year == null ? this.title : "%s (%d)".formatted(this.title, this.year);
	}

}
