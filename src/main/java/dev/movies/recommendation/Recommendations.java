package dev.movies.recommendation;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The answer of every recommendation endpoint: {@code {total, movies, distance_metric}},
 * where {@code total} is the number of movies in this page (as in the original API), and
 * {@code total_matches}, as on every list answer, is {@code null}: a nearest-neighbour
 * search does not know how many movies it could have found.
 *
 * @param query what the recommendations were asked for, for the text/plain heading
 * @param weights the blend's weights, only with {@code explain=true}
 */
public record Recommendations(int total, List<RecommendedMovie> movies, DistanceMetric distanceMetric,
		@JsonIgnore String query, @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Double> weights) {

	public Recommendations(List<RecommendedMovie> movies, DistanceMetric distanceMetric, String query) {
		this(movies.size(), List.copyOf(movies), distanceMetric, query, null);
	}

	public Recommendations(List<RecommendedMovie> movies, DistanceMetric distanceMetric, String query,
			Map<String, Double> weights) {
		this(movies.size(), List.copyOf(movies), distanceMetric, query, weights);
	}

	@JsonProperty("total_matches")
	Long totalMatches() {
		return null;
	}

}
