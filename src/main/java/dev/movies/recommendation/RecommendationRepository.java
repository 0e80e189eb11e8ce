package dev.movies.recommendation;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.pgvector.PGvector;
import dev.movies.movie.Movie;
import dev.movies.movie.MovieRepository;
import dev.movies.movie.MovieRows;
import dev.movies.recommendation.SearchOptions.Filters;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The nearest-neighbour SQL over {@code movie_embeddings} and the reads around it: all
 * read-only transactions, so with replicas configured they run there. The statements'
 * text is built by {@link SearchSql}; catalogue rows come from the movie feature
 * ({@link MovieRepository}, {@link MovieRows}). A little over 250 lines: one method per
 * statement, each with the mapping of its rows.
 */
@Repository
@Transactional(readOnly = true)
class RecommendationRepository {

	// Only a vector of the configured model counts: another model's vectors (even of the
	// same dimension) live in another space, so comparing with them would be meaningless.
	private static final String MOVIE_VECTOR = """
			SELECT m.id, m.title, m.year, m.genre_keys, e.embedding::text AS embedding
			FROM movies m
			LEFT JOIN movie_embeddings e ON e.movie_id = m.id AND e.model = :model
			""";

	private static final RowMapper<MovieVector> MOVIE_VECTOR_MAPPER = (rs, rowNum) -> new MovieVector(rs.getLong("id"),
			rs.getString("title"), rs.getObject("year", Integer.class), strings(rs.getArray("genre_keys")),
			vector(rs.getString("embedding")));

	private final JdbcClient jdbc;

	private final MovieRepository movies;

	private final MovieRows rows;

	private final ObjectMapper json;

	RecommendationRepository(JdbcClient jdbc, MovieRepository movies, MovieRows rows, ObjectMapper json) {
		this.jdbc = jdbc;
		this.movies = movies;
		this.rows = rows;
		this.json = json;
	}

	List<MovieVector> findVectorsByIds(Collection<Long> ids, String model) {
		return this.jdbc.sql(MOVIE_VECTOR + "WHERE m.id = ANY (:ids)")
			.param("ids", ids.toArray(Long[]::new))
			.param("model", model)
			.query(MOVIE_VECTOR_MAPPER)
			.list();
	}

	boolean hasEmbeddings(String model) {
		return this.jdbc.sql("SELECT EXISTS (SELECT 1 FROM movie_embeddings WHERE model = :model)")
			.param("model", model)
			.query(Boolean.class)
			.single();
	}

	/**
	 * The genre vocabulary of {@code V22} (alias -> canonical keys, a combined alias
	 * mapping to several), as {@code genre_keys()} applies it in SQL.
	 */
	Map<String, List<String>> genreVocabulary() {
		Map<String, List<String>> vocabulary = new HashMap<>();
		this.jdbc.sql("SELECT alias, key FROM genre_vocabulary()")
			.query((rs, rowNum) -> Map.entry(rs.getString(1), rs.getString(2)))
			.list()
			.forEach((e) -> vocabulary.computeIfAbsent(e.getKey(), (k) -> new ArrayList<>()).add(e.getValue()));
		return vocabulary;
	}

	/**
	 * The catalogue's largest like and download counts, the popularity prior's normaliser
	 * (the like count is indexed; the download count is one scan, made once per catalogue
	 * change).
	 */
	CataloguePriors.Popularity popularityMaxima() {
		return this.jdbc.sql("SELECT coalesce(max(like_count), 0), coalesce(max(download_count), 0) FROM movies")
			.query((rs, rowNum) -> new CataloguePriors.Popularity(rs.getLong(1), rs.getLong(2)))
			.single();
	}

	/**
	 * How many movies the catalogue holds, as the planner estimates it from the table
	 * statistics (an EXPLAIN: no rows are read). {@link CataloguePriors} keeps it.
	 */
	double plannedCatalogueRows() {
		return planRows("EXPLAIN (FORMAT JSON) SELECT 1 FROM movies m", Map.of());
	}

	/**
	 * How many movies the filters keep, as the planner estimates it (an EXPLAIN, well
	 * under a millisecond; no rows are read), next to the catalogue's estimate.
	 */
	FilterEstimate estimate(Filters filters, double catalogueRows) {
		Map<String, Object> params = new HashMap<>();
		String where = SearchSql.filterSql(filters, params);
		double kept = planRows("EXPLAIN (FORMAT JSON) SELECT 1 FROM movies m WHERE true" + where, params);
		return new FilterEstimate(catalogueRows, Math.min(catalogueRows, kept));
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
	 * The movies nearest to {@code query}, nearest first. Ordered by the negative inner
	 * product whatever the metric, so the one {@code vector_ip_ops} index serves all
	 * three; the requested metric's distance is computed for the returned rows only.
	 */
	List<Candidate> nearest(float[] query, String model, DistanceMetric metric, Filters filters, QueryPlan plan) {
		return nearest(query, model, metric, filters, plan, null);
	}

	/**
	 * As {@link #nearest(float[], String, DistanceMetric, Filters, QueryPlan)}; with
	 * {@link QueryPlan#withMovies()} the candidates' full rows go into {@code movies}.
	 */
	List<Candidate> nearest(float[] query, String model, DistanceMetric metric, Filters filters, QueryPlan plan,
			Map<Long, Movie> movies) {
		Map<String, Object> params = new HashMap<>();
		params.put("query", new PGvector(query));
		return nearest(SearchSql.QUERY_VECTOR, model, metric, filters, plan, params, movies);
	}

	/**
	 * The movies nearest to the stored vector of movie {@code movieId}: the vector is
	 * read inside the statement, never sent to this process and back.
	 */
	List<Candidate> nearestTo(long movieId, String model, DistanceMetric metric, Filters filters, QueryPlan plan,
			Map<Long, Movie> movies) {
		Map<String, Object> params = new HashMap<>();
		params.put("baseId", movieId);
		return nearest(SearchSql.STORED_VECTOR, model, metric, filters, plan, params, movies);
	}

	/**
	 * A catalogue movie, found by its id or its source's id, and the movies nearest to
	 * its stored vector, in <em>one</em> statement: the movie's row, whether it has a
	 * vector of the model, and its neighbours (never itself). Empty when there is no such
	 * movie; no candidates when it has no vector of the model.
	 */
	Optional<Neighbours> neighboursOf(BaseKey key, long value, String model, DistanceMetric metric, Filters filters,
			QueryPlan plan, Map<Long, Movie> movies) {
		Map<String, Object> params = new HashMap<>();
		params.put("baseKey", value);
		params.put("model", model);
		String sql = SearchSql.neighboursSql(key, metric, filters, plan, params);
		MovieVector[] base = new MovieVector[1];
		List<Candidate> candidates = new ArrayList<>();
		this.jdbc.sql(sql).params(params).query((ResultSet rs) -> {
			if (base[0] == null) {
				base[0] = new MovieVector(rs.getLong("base_id"), rs.getString("base_title"),
						rs.getObject("base_year", Integer.class), strings(rs.getArray("base_genre_keys")), null,
						rs.getBoolean("base_embedded"));
			}
			if (rs.getObject("movie_id") != null) {
				candidates.add(candidate(rs, candidates.size(), plan, movies));
			}
		});
		return Optional.ofNullable(base[0]).map((b) -> new Neighbours(b, candidates));
	}

	/** How a search names the movie it starts from. */
	enum BaseKey {

		ID("id"), EXTERNAL_ID("external_id");

		final String column;

		BaseKey(String column) {
			this.column = column;
		}

	}

	/** A movie a search starts from and its nearest candidates. */
	record Neighbours(MovieVector base, List<Candidate> candidates) {
	}

	private List<Candidate> nearest(String vector, String model, DistanceMetric metric, Filters filters, QueryPlan plan,
			Map<String, Object> params, Map<Long, Movie> movies) {
		String sql = SearchSql.nearestSql(vector, metric, filters, plan, params);
		params.put("model", model);
		return this.jdbc.sql(sql).params(params).query((rs, rowNum) -> candidate(rs, rowNum, plan, movies)).list();
	}

	/**
	 * A nearest-neighbour row's candidate; with {@link QueryPlan#withMovies()} its full
	 * row goes into {@code movies} as well.
	 */
	private Candidate candidate(ResultSet rs, int rowNum, QueryPlan plan, Map<Long, Movie> movies) throws SQLException {
		Candidate candidate = candidate(rs, plan.withVectors());
		if (plan.withMovies()) {
			movies.put(candidate.movieId(), this.rows.mapper().mapRow(rs, rowNum));
		}
		return candidate;
	}

	/**
	 * The nearest movies to each of several query vectors, in one statement (a LATERAL
	 * index search per vector): {@code plan.rows()} per vector, nearest first, in the
	 * order of {@code queries}. The best-score strategy's candidates: a request with 100
	 * liked movies is one statement, not 100. The vectors and the per-query index
	 * settings come from a materialized CTE evaluated row by row before each search
	 * starts ({@link SearchSql#nearestEachSql}).
	 */
	List<List<Candidate>> nearestEach(List<float[]> queries, String model, DistanceMetric metric, Filters filters,
			QueryPlan plan) {
		Map<String, Object> params = new HashMap<>();
		params.put("queries", queries.stream().map((q) -> new PGvector(q).toString()).toArray(String[]::new));
		params.put("model", model);
		params.put("rows", plan.rows());
		String sql = SearchSql.nearestEachSql(metric, filters, plan, params);
		List<List<Candidate>> each = new ArrayList<>(queries.size());
		for (int i = 0; i < queries.size(); i++) {
			each.add(new ArrayList<>());
		}
		this.jdbc.sql(sql).params(params).query((rs, rowNum) -> {
			each.get(rs.getInt("ord") - 1).add(candidate(rs, plan.withVectors()));
			return null;
		}).list();
		// an iterative scan in relaxed order may return neighbours slightly out of order
		each.forEach((list) -> list.sort(Comparator.comparingDouble(Candidate::dot).reversed()));
		return each;
	}

	/**
	 * The distinct lexemes of a free text as the full text's configuration makes them
	 * (stemmed, accents and stop words removed).
	 */
	List<String> lexemes(String text) {
		// PostgreSQL text cannot hold NUL; it carries no word either
		return this.jdbc
			.sql("SELECT DISTINCT unnest(tsvector_to_array(to_tsvector('public.movies_text', :text))) ORDER BY 1")
			.param("text", text.replace('\u0000', ' '))
			.query(String.class)
			.list();
	}

	/**
	 * How many movies' documents hold each lexeme (a GIN index probe each).
	 */
	Map<String, Long> documentFrequencies(Collection<String> lexemes) {
		Map<String, Long> frequencies = new HashMap<>();
		List<String> list = List.copyOf(lexemes);
		this.jdbc.sql("""
				SELECT u.ord, (SELECT count(*) FROM movies m WHERE m.search_document @@ CAST(u.q AS tsquery)) AS holding
				FROM unnest(CAST(:queries AS text[])) WITH ORDINALITY AS u (q, ord)
				""")
			.param("queries", list.stream().map(TextTerms::quoted).toArray(String[]::new))
			.query((rs, rowNum) -> frequencies.put(list.get(rs.getInt("ord") - 1), rs.getLong("holding")))
			.list();
		return frequencies;
	}

	/**
	 * The movies whose full text (titles, cast, description, genres: the
	 * {@code search_document} column) holds at least {@code terms.needed()} of the
	 * query's weight and {@code terms.ofBest()} of the best match's, within the filters:
	 * most of the weight first, then by {@code ts_rank} (title words weigh most). The
	 * index is asked only for the documents holding one of {@link TextTerms#required()},
	 * the words no match can do without.
	 */
	List<Long> fullTextMatches(TextTerms terms, Filters filters, int limit) {
		Map<String, Object> params = new HashMap<>();
		params.put("excluded", filters.exclude().toArray(Long[]::new));
		String where = SearchSql.filterSql(filters, params);
		params.put("terms", terms.lexemes().stream().map(TextTerms::quoted).toArray(String[]::new));
		params.put("weights", terms.weights().toArray(Double[]::new));
		params.put("required", TextTerms.anyOf(terms.required()));
		params.put("all", TextTerms.anyOf(terms.lexemes()));
		params.put("needed", terms.needed() - 1e-9);
		params.put("limit", limit);
		params.put("ofBest", terms.ofBest());
		return this.jdbc.sql("""
				WITH t AS (
				    SELECT CAST(u.q AS tsquery) AS q, u.w
				    FROM unnest(CAST(:terms AS text[]), CAST(:weights AS float8[])) AS u (q, w)
				), held AS (
				    SELECT m.id, m.search_document, (SELECT sum(t.w) FROM t WHERE m.search_document @@ t.q) AS weight
				    FROM movies m
				    WHERE m.search_document @@ CAST(:required AS tsquery) AND m.id <> ALL (:excluded)%s
				)
				SELECT id
				FROM (
				    SELECT id, weight, max(weight) OVER () AS best,
				           ts_rank(search_document, CAST(:all AS tsquery)) AS rank
				    FROM held
				    WHERE weight >= :needed
				) s
				WHERE weight >= :ofBest * best - 1e-9
				ORDER BY weight DESC, rank DESC, id
				LIMIT :limit
				""".formatted(where)).params(params).query(Long.class).list();
	}

	/**
	 * The given movies as candidates for {@code query} (those with a vector of the
	 * model).
	 */
	List<Candidate> scoreMovies(float[] query, String model, DistanceMetric metric, Collection<Long> ids,
			boolean withVectors) {
		if (ids.isEmpty()) {
			return List.of();
		}
		return this.jdbc.sql("""
				SELECT e.movie_id, e.embedding <#> :query AS order_distance, e.embedding %s :query AS distance,
				       m.genre_keys, m.rating, m.like_count, m.download_count%s
				FROM movie_embeddings e
				JOIN movies m ON m.id = e.movie_id
				WHERE e.movie_id = ANY (:ids) AND e.model = :model
				""".formatted(metric.operator(), withVectors ? ", e.embedding::text AS embedding" : ""))
			.param("query", new PGvector(query))
			.param("ids", ids.toArray(Long[]::new))
			.param("model", model)
			.query((rs, rowNum) -> candidate(rs, withVectors))
			.list();
	}

	/**
	 * Full movies by id, from the catalogue's repository. A movie deleted since it was
	 * ranked is simply absent: callers pair movies with their scores by id.
	 */
	Map<Long, Movie> findMovies(Collection<Long> ids) {
		return this.movies.findByIds(ids);
	}

	private static Candidate candidate(ResultSet rs, boolean withVector) throws SQLException {
		return new Candidate(rs.getLong("movie_id"), -rs.getDouble("order_distance"), rs.getDouble("distance"),
				strings(rs.getArray("genre_keys")), rs.getObject("rating") == null ? null : rs.getDouble("rating"),
				rs.getLong("like_count"), rs.getLong("download_count"),
				withVector ? vector(rs.getString("embedding")) : null, null);
	}

	private static float[] vector(String text) throws SQLException {
		return text == null ? null : new PGvector(text).toArray();
	}

	private static List<String> strings(Array array) throws SQLException {
		return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
	}

}
