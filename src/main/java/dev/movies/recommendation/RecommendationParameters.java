package dev.movies.recommendation;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

import org.springframework.web.bind.annotation.BindParam;

/**
 * The query string of the GET recommendation endpoints, with the API's snake_case names.
 * Each component's {@link Parameter} describes it in the OpenAPI document under the name
 * the binder reads ({@link BindParam}, or the component's own name): springdoc lists the
 * record's components one by one ({@code @ParameterObject} on the controller) but does
 * not read {@code @BindParam}, so the name is given to it again. The ranges are the ones
 * {@link SearchOptions#from} checks.
 *
 * @param weights blend weights to replace, as {@code similarity:0.5,popularity:0.3}
 */
record RecommendationParameters(@Parameter(description = "How many movies to return",
		schema = @Schema(type = "integer", format = "int32", minimum = "1", maximum = "" + SearchOptions.MAX_LIMIT,
				defaultValue = "" + SearchOptions.DEFAULT_LIMIT)) Integer limit,
		@Parameter(description = "How many of the best matches to skip, for paging",
				schema = @Schema(type = "integer", format = "int32", minimum = "0",
						maximum = "" + SearchOptions.MAX_OFFSET, defaultValue = "0")) Integer offset,
		@Parameter(name = "distance_metric", description = "The vector distance to rank by",
				schema = @Schema(allowableValues = {
						"cosine", "l2", "inner_product" },
						defaultValue = "cosine")) @BindParam("distance_metric") String distanceMetric,
		@Parameter(
				description = "Only movies of these genres (repeatable; aliases such as Sci-Fi and "
						+ "Science Fiction match each other)",
				array = @ArraySchema(maxItems = SearchOptions.MAX_GENRES,
						schema = @Schema(maxLength = SearchOptions.MAX_GENRE_LENGTH))) List<String> genres,
		@Parameter(name = "genre_match", description = "Whether a movie needs one of the genres or all of them",
				schema = @Schema(allowableValues = { "any", "all" },
						defaultValue = "any")) @BindParam("genre_match") String genreMatch,
		@Parameter(name = "min_rating", description = "Only movies rated at least this",
				schema = @Schema(type = "number", format = "double", minimum = "0",
						maximum = "10")) @BindParam("min_rating") Double minRating,
		@Parameter(name = "min_year",
				description = "Only movies released in or after this year") @BindParam("min_year") Integer minYear,
		@Parameter(name = "max_year",
				description = "Only movies released in or before this year") @BindParam("max_year") Integer maxYear,
		@Parameter(description = "Only movies in this language (a code such as en, any case)") String language,
		@Parameter(description = "Movie ids never to return (repeatable)",
				array = @ArraySchema(maxItems = SearchOptions.MAX_EXCLUDE,
						schema = @Schema(type = "integer", format = "int64"))) List<Long> exclude,
		@Parameter(name = "min_similarity",
				description = "Only movies at least this similar (similarity_score)") @BindParam("min_similarity") Double minSimilarity,
		@Parameter(description = "Maximal marginal relevance: 0 is off, 1 is the most diverse",
				schema = @Schema(type = "number", format = "double", minimum = "0", maximum = "1")) Double diversity,
		@Parameter(
				description = "blended: similarity blended with genre overlap, popularity and rating; "
						+ "similarity: by similarity alone",
				schema = @Schema(allowableValues = { "blended", "similarity" },
						defaultValue = "blended")) String ranking,
		@Parameter(
				description = "Blend weights to replace, each 0..1: name:value pairs separated by commas "
						+ "(similarity, genre_overlap, popularity, rating)",
				example = "similarity:0.6,popularity:0.2") String weights,
		@Parameter(description = "How several examples make one ranking (POST only makes several)",
				schema = @Schema(allowableValues = { "average", "best_score" })) String strategy,
		@Parameter(description = "Whether each movie carries why it was recommended",
				schema = @Schema(type = "boolean", defaultValue = "false")) Boolean explain)
		implements
			SearchParameters{

	@Override
	public Map<String, String> weightValues() {
		return RankingWeights.parseList(this.weights);
	}

}
