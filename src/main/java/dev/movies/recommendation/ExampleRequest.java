package dev.movies.recommendation;

import java.util.List;

/**
 * The body of {@code POST /api/recommendations}: liked and disliked movies and/or a text, with the
 * same paging, metric and filters as the GET endpoints.
 */
record ExampleRequest(List<Long> liked, List<Long> disliked, String text, Integer limit, Integer offset,
		String distanceMetric, List<String> genres, String genreMatch, Double minRating, Integer minYear,
		Integer maxYear, String language, List<Long> exclude, Double minSimilarity, Double diversity,
		String ranking) implements SearchParameters {

	ExampleRequest {
		// nulls inside are kept so the service can name them in a 400
		liked = liked == null ? List.of() : liked;
		disliked = disliked == null ? List.of() : disliked;
	}

}
