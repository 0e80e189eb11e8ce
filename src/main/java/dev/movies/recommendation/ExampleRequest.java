package dev.movies.recommendation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /api/recommendations}: liked and disliked movies and/or a text,
 * with the same paging, metric and filters as the GET endpoints.
 *
 * @param weights blend weights to replace, as an object ({@code {"popularity": 0.3}})
 */
record ExampleRequest(List<Long> liked, List<Long> disliked, String text, Integer limit, Integer offset,
		String distanceMetric, List<String> genres, String genreMatch, Double minRating, Integer minYear,
		Integer maxYear, String language, List<Long> exclude, Double minSimilarity, Double diversity, String ranking,
		Map<String, Object> weights, String strategy, Boolean explain) implements SearchParameters {

	@Override
	public Map<String, String> weightValues() {
		Map<String, String> values = new LinkedHashMap<>();
		if (this.weights != null) {
			this.weights.forEach((name, value) -> values.put(name, value == null ? null : String.valueOf(value)));
		}
		return values;
	}

	ExampleRequest {
		// nulls inside are kept so the service can name them in a 400
		liked = liked == null ? List.of() : liked;
		disliked = disliked == null ? List.of() : disliked;
	}

}
