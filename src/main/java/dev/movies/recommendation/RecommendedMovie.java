package dev.movies.recommendation;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.movies.movie.Movie;

/**
 * A recommended movie: every Movie field, plus the metric's {@code similarity_score} and
 * raw {@code distance}, the blended {@code score} it was ranked by when ranking is on,
 * and its {@code explanation} when asked for. (The movie's own {@code similarity_score},
 * always null, gives way to the metric's.)
 */
public record RecommendedMovie(@JsonUnwrapped @JsonIgnoreProperties("similarity_score") Movie movie,
		double similarityScore, double distance, @JsonInclude(JsonInclude.Include.NON_NULL) Double score,
		@JsonInclude(JsonInclude.Include.NON_NULL) Explanation explanation) {

	public RecommendedMovie(Movie movie, double similarityScore, double distance, Double score) {
		this(movie, similarityScore, distance, score, null);
	}

}
