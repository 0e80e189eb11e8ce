package dev.movies.recommendation;

import java.util.List;

/**
 * A movie a query starts from, with its embedding ({@code null} when it is not embedded
 * yet, or when the search reads it in SQL: {@code embedded} tells which).
 */
record MovieVector(long id, String title, Integer year, List<String> genreKeys, float[] embedding, boolean embedded) {

	MovieVector(long id, String title, Integer year, List<String> genreKeys, float[] embedding) {
		this(id, title, year, genreKeys, embedding, embedding != null);
	}

	String label() {
		return this.year == null ? this.title : "%s (%d)".formatted(this.title, this.year);
	}

}
