package dev.movies.movie;

import java.util.List;

/**
 * A list answer, shaped as the original API's: {@code total} is the number of movies in
 * this answer, {@code total_matches} the number of all matches ({@code null} where it is
 * not known), {@code distance_metric} the vector metric used ({@code null}: none applies
 * to catalogue lists).
 */
public record MovieList(int total, Long totalMatches, List<Movie> movies, String distanceMetric) {

	public MovieList {
		movies = List.copyOf(movies);
	}

}
