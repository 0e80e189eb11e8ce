package dev.movies.recommendation;

import java.util.List;
import java.util.Map;

import org.springframework.web.bind.annotation.BindParam;

/**
 * The query string of the GET recommendation endpoints, with the API's snake_case names.
 *
 * @param weights blend weights to replace, as {@code similarity:0.5,popularity:0.3}
 */
record RecommendationParameters(Integer limit, Integer offset, @BindParam("distance_metric") String distanceMetric,
		List<String> genres, @BindParam("genre_match") String genreMatch, @BindParam("min_rating") Double minRating,
		@BindParam("min_year") Integer minYear, @BindParam("max_year") Integer maxYear, String language,
		List<Long> exclude, @BindParam("min_similarity") Double minSimilarity, Double diversity, String ranking,
		String weights, String strategy, Boolean explain) implements SearchParameters {

	@Override
	public Map<String, String> weightValues() {
		return RankingWeights.parseList(this.weights);
	}

}
