package dev.movies.recommendation;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.pgvector.PGvector;
import dev.movies.movie.Movie;
import dev.movies.movie.MovieRepository;
import dev.movies.recommendation.SearchOptions.Filters;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The nearest-neighbour SQL over {@code movie_embeddings} and the reads around it: all read-only
 * transactions, so with replicas configured they run there.
 */
@Repository
@Transactional(readOnly = true)
class RecommendationRepository {

	private static final String MOVIE_VECTOR = """
			SELECT m.id, m.title, m.year, m.genre_keys, e.embedding::text AS embedding
			FROM movies m
			LEFT JOIN movie_embeddings e ON e.movie_id = m.id
			""";

	private static final RowMapper<MovieVector> MOVIE_VECTOR_MAPPER = (rs, rowNum) -> new MovieVector(
			rs.getLong("id"), rs.getString("title"), rs.getObject("year", Integer.class),
			strings(rs.getArray("genre_keys")), vector(rs.getString("embedding")));

	private final JdbcClient jdbc;

	private final MovieRepository movies;

	private final ObjectMapper json;

	RecommendationRepository(JdbcClient jdbc, MovieRepository movies, ObjectMapper json) {
		this.jdbc = jdbc;
		this.movies = movies;
		this.json = json;
	}

	Optional<MovieVector> findVectorById(long id) {
		return this.jdbc.sql(MOVIE_VECTOR + "WHERE m.id = :id").param("id", id).query(MOVIE_VECTOR_MAPPER).optional();
	}

	Optional<MovieVector> findVectorByExternalId(long externalId) {
		return this.jdbc.sql(MOVIE_VECTOR + "WHERE m.external_id = :externalId")
			.param("externalId", externalId)
			.query(MOVIE_VECTOR_MAPPER)
			.optional();
	}

	List<MovieVector> findVectorsByIds(Collection<Long> ids) {
		return this.jdbc.sql(MOVIE_VECTOR + "WHERE m.id = ANY (:ids)")
			.param("ids", ids.toArray(Long[]::new))
			.query(MOVIE_VECTOR_MAPPER)
			.list();
	}

	boolean hasEmbeddings() {
		return this.jdbc.sql("SELECT EXISTS (SELECT 1 FROM movie_embeddings)").query(Boolean.class).single();
	}

	/**
	 * How many movies the filters keep, as the planner estimates it from the table statistics (two
	 * EXPLAINs, well under a millisecond; no rows are read).
	 */
	FilterEstimate estimate(Filters filters) {
		double all = planRows("EXPLAIN (FORMAT JSON) SELECT 1 FROM movies m", Map.of());
		Map<String, Object> params = new HashMap<>();
		String where = filterSql(filters, params);
		double kept = planRows("EXPLAIN (FORMAT JSON) SELECT 1 FROM movies m WHERE true" + where, params);
		return new FilterEstimate(all, Math.min(all, kept));
	}

	/** Planner estimates: rows in the catalogue, rows the filters keep. */
	record FilterEstimate(double all, double kept) {

		double selectivity() {
			return this.all <= 0 ? 1 : this.kept / this.all;
		}

	}

	private double planRows(String explain, Map<String, Object> params) {
		String plan = this.jdbc.sql(explain).params(params).query(String.class).single();
		JsonNode root = this.json.readTree(plan);
		return root.get(0).get("Plan").get("Plan Rows").asDouble();
	}

	/**
	 * The movies nearest to {@code query}, nearest first. Ordered by the negative inner product
	 * whatever the metric, so the one {@code vector_ip_ops} index serves all three; the requested
	 * metric's distance is computed for the returned rows only. The settings are {@code SET LOCAL}
	 * (set_config with is_local), so they end with this transaction and never leak through the pool.
	 */
	@Transactional(readOnly = true)
	public List<Candidate> nearest(float[] query, DistanceMetric metric, Filters filters, QueryPlan plan) {
		this.jdbc.sql("""
				SELECT set_config('hnsw.ef_search', :efSearch, true),
				       set_config('hnsw.iterative_scan', 'relaxed_order', true),
				       set_config('hnsw.max_scan_tuples', :maxScanTuples, true),
				       set_config('ivfflat.probes', :probes, true),
				       set_config('ivfflat.iterative_scan', 'relaxed_order', true),
				       set_config('enable_indexscan', :indexScan, true)
				""")
			.param("efSearch", Integer.toString(plan.efSearch()))
			.param("maxScanTuples", Integer.toString(plan.maxScanTuples()))
			.param("probes", Integer.toString(plan.probes()))
			.param("indexScan", plan.exact() ? "off" : "on")
			.query((rs, rowNum) -> 0)
			.single();
		Map<String, Object> params = new HashMap<>();
		String sql = nearestSql(metric, filters, plan.withVectors(), params);
		params.put("query", new PGvector(query));
		params.put("rows", plan.rows());
		return this.jdbc.sql(sql).params(params).query(this::candidate).list();
	}

	/**
	 * The nearest-neighbour query. Its only formatted-in parts are the metric's operator and fixed
	 * filter fragments; every value is a bound parameter (collected into {@code params}).
	 */
	static String nearestSql(DistanceMetric metric, Filters filters, boolean withVectors, Map<String, Object> params) {
		params.put("excluded", filters.exclude().toArray(Long[]::new));
		return """
				SELECT e.movie_id, e.embedding <#> :query AS order_distance, e.embedding %s :query AS distance,
				       m.genre_keys, m.rating, m.like_count%s
				FROM movie_embeddings e
				JOIN movies m ON m.id = e.movie_id
				WHERE e.movie_id <> ALL (:excluded)%s
				ORDER BY order_distance
				LIMIT :rows
				""".formatted(metric.operator(), withVectors ? ", e.embedding::text AS embedding" : "",
				filterSql(filters, params));
	}

	private static String filterSql(Filters filters, Map<String, Object> params) {
		StringBuilder sql = new StringBuilder();
		if (!filters.genreKeys().isEmpty()) {
			// genre_keys holds canonical keys (an alias finds its genre) and is GIN-indexed: && is "any of", @> is "all of"
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

	/** Full movies for the ids, in the order of the ids. */
	List<Movie> findMovies(List<Long> ids) {
		if (ids.isEmpty()) {
			return List.of();
		}
		Map<Long, Movie> byId = new HashMap<>();
		this.jdbc.sql("SELECT " + MovieRepository.MOVIE_COLUMNS + " FROM movies m WHERE m.id = ANY (:ids)")
			.param("ids", ids.toArray(Long[]::new))
			.query(this.movies.rowMapper())
			.list()
			.forEach((movie) -> byId.put(movie.id(), movie));
		return ids.stream().map(byId::get).filter((movie) -> movie != null).toList();
	}

	private Candidate candidate(ResultSet rs, int rowNum) throws SQLException {
		boolean withVector = rs.getMetaData().getColumnCount() > 6;
		return new Candidate(rs.getLong("movie_id"), -rs.getDouble("order_distance"), rs.getDouble("distance"),
				strings(rs.getArray("genre_keys")), rs.getObject("rating") == null ? null : rs.getDouble("rating"),
				rs.getInt("like_count"), withVector ? vector(rs.getString("embedding")) : null);
	}

	private static float[] vector(String text) throws SQLException {
		return text == null ? null : new PGvector(text).toArray();
	}

	private static List<String> strings(Array array) throws SQLException {
		return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
	}

}
