package dev.movies.recommendation;

import java.util.Map;

import dev.movies.movie.MovieRows;
import dev.movies.recommendation.RecommendationRepository.BaseKey;
import dev.movies.recommendation.SearchOptions.Filters;

/**
 * The text of the search statements {@link RecommendationRepository} runs: the
 * nearest-neighbour statement (alone, or with the movie it starts from) and the filters
 * every search shares. Only fixed fragments, the metric's operator and the row count are
 * formatted in; every value is a bound parameter, collected into the {@code params} the
 * caller passes.
 */
final class SearchSql {

	private SearchSql() {
	}

	/** The query vector as a bound parameter. */
	static final String QUERY_VECTOR = "SELECT :query AS v";

	/** The query vector read from a movie's stored vector of the model. */
	static final String STORED_VECTOR = "SELECT embedding AS v FROM movie_embeddings WHERE movie_id = :baseId AND model = :model";

	/**
	 * The nearest-neighbour query for EXPLAIN in tests: the vector as parameter
	 * {@code :query}, an index scan with the session's settings.
	 */
	static String nearestSql(DistanceMetric metric, Filters filters, boolean withVectors, int rows,
			Map<String, Object> params) {
		return nearestSql(QUERY_VECTOR, metric, filters, new QueryPlan(rows, false, 0, 0, 0, withVectors), false,
				params);
	}

	static String nearestSql(String vector, DistanceMetric metric, Filters filters, QueryPlan plan,
			Map<String, Object> params) {
		return nearestSql(vector, metric, filters, plan, true, params);
	}

	/**
	 * The nearest-neighbour query, one statement. The query vector is computed once, in a
	 * materialized CTE that the index scan's ORDER BY reads as an InitPlan: it is
	 * evaluated when the scan starts, before the scan reads its first tuple. The
	 * per-query index settings are applied in that same CTE ({@code set_config} with
	 * is_local: they end with the transaction and never leak through the pool), so they
	 * are in force for the scan without a round trip of their own. An exact scan orders
	 * by {@code distance + 0}, which no index can serve. Its only formatted-in parts are
	 * the metric's operator, fixed fragments and the row count (an int); every other
	 * value is a bound parameter (collected into {@code params}).
	 */
	private static String nearestSql(String vector, DistanceMetric metric, Filters filters, QueryPlan plan,
			boolean settings, Map<String, Object> params) {
		String apply = settings ? settingsSql(plan, params) : "";
		String source = vector.contains(" WHERE ") ? vector + apply
				: vector + (apply.isEmpty() ? "" : " WHERE true" + apply);
		return """
				WITH q AS MATERIALIZED (
				    %s
				)
				%s""".formatted(source, selectSql(metric, filters, plan, params, ""));
	}

	/**
	 * The per-query index settings, as conditions of the CTE that reads the query vector
	 * ({@code set_config} with is_local: they end with the transaction).
	 */
	private static String settingsSql(QueryPlan plan, Map<String, Object> params) {
		params.put("efSearch", Integer.toString(plan.efSearch()));
		params.put("maxScanTuples", Integer.toString(plan.maxScanTuples()));
		params.put("probes", Integer.toString(plan.probes()));
		params.put("hnswOrder", plan.inOrder() ? "strict_order" : "relaxed_order");
		return """

				AND set_config('hnsw.ef_search', :efSearch, true) IS NOT NULL
				AND set_config('hnsw.iterative_scan', :hnswOrder, true) IS NOT NULL
				AND set_config('hnsw.max_scan_tuples', :maxScanTuples, true) IS NOT NULL
				AND set_config('ivfflat.probes', :probes, true) IS NOT NULL
				AND set_config('ivfflat.iterative_scan', 'relaxed_order', true) IS NOT NULL""";
	}

	/**
	 * The scan itself, reading the query vector from CTE {@code q}. Its LIMIT is a
	 * literal: with a parameter there PostgreSQL's generic plan is costed for an unknown
	 * limit, never wins over the custom plans, and the statement is planned again on
	 * every execution.
	 */
	private static String selectSql(DistanceMetric metric, Filters filters, QueryPlan plan, Map<String, Object> params,
			String extraConditions) {
		params.put("excluded", filters.exclude().toArray(Long[]::new));
		return """
				SELECT e.movie_id, e.embedding <#> (SELECT v FROM q) AS order_distance, e.embedding %s (SELECT v FROM q) AS distance,
				       m.genre_keys, m.rating, m.like_count, m.download_count%s
				FROM movie_embeddings e
				JOIN movies m ON m.id = e.movie_id
				WHERE e.movie_id <> ALL (:excluded) AND e.model = :model%s%s
				ORDER BY %s
				LIMIT %d
				"""
			.formatted(metric.operator(),
					(plan.withVectors() ? ", e.embedding::text AS embedding" : "")
							+ (plan.withMovies() ? ",\n       " + MovieRows.COLUMNS.strip() : ""),
					extraConditions, filterSql(filters, params),
					plan.exact() ? "(e.embedding <#> (SELECT v FROM q)) + 0" : "order_distance", plan.rows());
	}

	/**
	 * The statement of {@link RecommendationRepository#neighboursOf}, its values
	 * collected into {@code params}.
	 */
	static String neighboursSql(BaseKey key, DistanceMetric metric, Filters filters, QueryPlan plan,
			Map<String, Object> params) {
		String vector = "SELECT embedding AS v FROM movie_embeddings WHERE movie_id = (SELECT id FROM base) AND model = :model"
				+ settingsSql(plan, params);
		return """
				WITH base AS MATERIALIZED (
				    SELECT m.id, m.title, m.year, m.genre_keys FROM movies m WHERE m.%s = :baseKey
				), q AS MATERIALIZED (
				    %s
				)
				SELECT b.id AS base_id, b.title AS base_title, b.year AS base_year, b.genre_keys AS base_genre_keys,
				       EXISTS (SELECT 1 FROM q) AS base_embedded, n.*
				FROM base b
				LEFT JOIN LATERAL (
				%s
				) n ON true
				""".formatted(key.column, vector,
				selectSql(metric, filters, plan, params, " AND EXISTS (SELECT 1 FROM q) AND e.movie_id <> b.id"));
	}

	/**
	 * The nearest movies to each of several query vectors ({@code :queries}, their text
	 * forms), in one statement: a LATERAL index search per vector, {@code :rows} each,
	 * tagged with the vector's position ({@code ord}, from 1). The vectors come from a
	 * materialized CTE whose WHERE applies the per-query index settings as
	 * {@link #nearestSql} does, evaluated row by row before each search starts.
	 */
	static String nearestEachSql(DistanceMetric metric, Filters filters, QueryPlan plan, Map<String, Object> params) {
		params.put("excluded", filters.exclude().toArray(Long[]::new));
		return """
				WITH q AS MATERIALIZED (
				    SELECT u.ord, CAST(u.v AS vector) AS v
				    FROM unnest(CAST(:queries AS text[])) WITH ORDINALITY AS u (v, ord)
				    WHERE true%s
				)
				SELECT q.ord, n.*
				FROM q
				CROSS JOIN LATERAL (
				    SELECT e.movie_id, e.embedding <#> q.v AS order_distance, e.embedding %s q.v AS distance,
				           m.genre_keys, m.rating, m.like_count, m.download_count%s
				    FROM movie_embeddings e
				    JOIN movies m ON m.id = e.movie_id
				    WHERE e.movie_id <> ALL (:excluded) AND e.model = :model%s
				    ORDER BY %s
				    LIMIT :rows
				) n
				""".formatted(settingsSql(plan, params), metric.operator(),
				plan.withVectors() ? ", e.embedding::text AS embedding" : "", filterSql(filters, params),
				plan.exact() ? "(e.embedding <#> q.v) + 0" : "e.embedding <#> q.v");
	}

	static String filterSql(Filters filters, Map<String, Object> params) {
		StringBuilder sql = new StringBuilder();
		if (!filters.genreKeys().isEmpty()) {
			// genre_keys holds canonical keys (an alias finds its genre) and is
			// GIN-indexed: && is "any of", @> is "all of"
			sql.append(filters.matchAll() ? " AND m.genre_keys @> genre_keys(:genres::text[])"
					: " AND m.genre_keys && genre_keys(:genres::text[])");
			params.put("genres", filters.genreKeys().toArray(String[]::new));
		}
		if (filters.minRating() != null) {
			sql.append(" AND m.rating >= :minRating");
			params.put("minRating", filters.minRating());
		}
		if (filters.minYear() != null) {
			sql.append(" AND m.year >= :minYear");
			params.put("minYear", filters.minYear());
		}
		if (filters.maxYear() != null) {
			sql.append(" AND m.year <= :maxYear");
			params.put("maxYear", filters.maxYear());
		}
		if (filters.language() != null) {
			sql.append(" AND lower(m.language) = :language");
			params.put("language", filters.language());
		}
		return sql.toString();
	}

}
