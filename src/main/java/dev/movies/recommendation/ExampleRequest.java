package dev.movies.recommendation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.movies.system.JsonNumbers;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * The body of {@code POST /api/recommendations}: liked and disliked movies and/or a text,
 * with the same paging, metric and filters as the GET endpoints.
 *
 * Numbers are read strictly ({@link JsonNumbers}): {@code "limit": 1.5} is a 400 naming
 * {@code limit}, never a limit of 1.
 *
 * @param weights blend weights to replace, as an object ({@code {"popularity": 0.3}})
 */
record ExampleRequest(@JsonDeserialize(contentUsing = JsonNumbers.LongDeserializer.class) List<Long> liked,
		@JsonDeserialize(contentUsing = JsonNumbers.LongDeserializer.class) List<Long> disliked, String text,
		@JsonDeserialize(using = JsonNumbers.IntegerDeserializer.class) Integer limit,
		@JsonDeserialize(using = JsonNumbers.IntegerDeserializer.class) Integer offset, String distanceMetric,
		List<String> genres, String genreMatch,
		@JsonDeserialize(using = JsonNumbers.DoubleDeserializer.class) Double minRating,
		@JsonDeserialize(using = JsonNumbers.IntegerDeserializer.class) Integer minYear,
		@JsonDeserialize(using = JsonNumbers.IntegerDeserializer.class) Integer maxYear, String language,
		@JsonDeserialize(contentUsing = JsonNumbers.LongDeserializer.class) List<Long> exclude,
		@JsonDeserialize(using = JsonNumbers.DoubleDeserializer.class) Double minSimilarity,
		@JsonDeserialize(using = JsonNumbers.DoubleDeserializer.class) Double diversity, String ranking,
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
