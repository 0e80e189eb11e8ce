package dev.movies.movie;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Array;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/** SQL for the catalogue. Reads are read-only transactions: with replicas configured they run there. */
@Repository
public class MovieRepository {

	/** The column list every movie read uses, so one {@link #rowMapper()} can map them all. */
	public static final String MOVIE_COLUMNS = """
			m.id, m.external_id, m.imdb_code, m.title, m.title_english, m.year, m.rating, m.runtime, m.genres,
			m.description_intro, m.description_full, m.language, m.like_count, m.download_count, m.date_uploaded,
			m.small_cover_image, m.medium_cover_image, m.large_cover_image, m.yt_trailer_code, m."cast"
			""";

	private static final TypeReference<List<CastMember>> CAST_LIST = new TypeReference<>() {
	};

	/*
	 * Title search: trigram similarity (typos), whole-word similarity (a few words of a long title)
	 * and plain substring, all over search_key() (lower case, accents removed) so the GIN trigram
	 * indexes serve every condition. search_key(:query) is folded into a constant when planned.
	 */
	private static final String SEARCH_WORDS = """
			FROM movies m
			WHERE (search_key(:query) % search_key(m.title)
			   OR search_key(:query) <% search_key(m.title)
			   OR search_key(:query) % search_key(m.title_english)
			   OR search_key(:query) <% search_key(m.title_english)
			""";

	private static final String SEARCH_MATCHES = SEARCH_WORDS + """
			   OR search_key(m.title) LIKE '%' || like_escape(search_key(:query)) || '%'
			   OR search_key(m.title_english) LIKE '%' || like_escape(search_key(:query)) || '%')
			""";

	/*
	 * Below three characters a substring has no trigram, so LIKE would scan every title, and it
	 * mostly finds noise ("up" in "Superman"); the words still match, through the index.
	 */
	private static final String SHORT_SEARCH_MATCHES = SEARCH_WORDS + ")\n";

	private static final int SHORTEST_SUBSTRING = 3;

	/*
	 * An exact title first, then titles starting with the query, then containing it; within each,
	 * the best word match plus whole-title similarity, so "godfater" finds The Godfather before
	 * The Three Godfathers.
	 */
	private static final String SEARCH_ORDER = """
			ORDER BY
			    CASE WHEN search_key(:query) IN (search_key(m.title), search_key(m.title_english)) THEN 3
			         WHEN search_key(m.title) LIKE like_escape(search_key(:query)) || '%'
			           OR search_key(m.title_english) LIKE like_escape(search_key(:query)) || '%' THEN 2
			         WHEN search_key(m.title) LIKE '%' || like_escape(search_key(:query)) || '%'
			           OR search_key(m.title_english) LIKE '%' || like_escape(search_key(:query)) || '%' THEN 1
			         ELSE 0 END DESC,
			    greatest(word_similarity(search_key(:query), search_key(m.title))
			               + similarity(search_key(:query), search_key(m.title)),
			             word_similarity(search_key(:query), search_key(m.title_english))
			               + similarity(search_key(:query), search_key(m.title_english))) DESC,
			    m.like_count DESC, m.id
			""";

	/*
	 * The Bayesian (IMDb) weighted rating WR = (v*R + m*C) / (v + m): v = like_count, R = rating,
	 * m = :priorVotes, C = the catalogue's mean rating. With few votes a movie is pulled towards C.
	 */
	private static final String WEIGHTED_RATING = """
			coalesce((m.like_count * m.rating + :priorVotes * (SELECT avg(rating) FROM movies))
			    / nullif(m.like_count + :priorVotes, 0), m.rating)
			""";

	private static final String GENRE_MATCHES = """
			FROM movies m
			WHERE m.genre_keys && genre_keys(:genres)
			  AND (m.rating >= :minRating OR (:minRating = 0 AND m.rating IS NULL))
			""";

	private static final String TRENDING_MATCHES = """
			FROM movies m
			WHERE m.year >= :minYear
			""";

	/*
	 * Popularity damped by age: ln(1 + likes + downloads/k) * 0.5^(age / half-life). The age runs
	 * from the upload (or the middle of the release year) and is capped so the power cannot underflow.
	 */
	private static final String TRENDING_ORDER = """
			ORDER BY
			    ln(1 + m.like_count + m.download_count / CAST(:downloadsPerLike AS float8))
			      * power(0.5, least(1000, greatest(0, extract(epoch FROM now() - %1$s) / :halfLifeSeconds))) DESC,
			    %1$s DESC, m.like_count DESC, m.id
			""".formatted("coalesce(m.date_uploaded, make_timestamptz(m.year, 7, 1, 0, 0, 0, 'UTC'))");

	private static final String TOP_RATED_MATCHES = """
			FROM movies m
			WHERE m.rating IS NOT NULL AND m.like_count >= :priorVotes
			""";

	private static final String PAGE = "\nLIMIT :limit OFFSET :offset";

	private final JdbcClient jdbc;

	private final ObjectMapper json;

	private final RowMapper<Movie> rowMapper;

	MovieRepository(JdbcClient jdbc, ObjectMapper json) {
		this.jdbc = jdbc;
		this.json = json;
		this.rowMapper = this::mapMovie;
	}

	/** Maps a row selected with {@link #MOVIE_COLUMNS}. */
	public RowMapper<Movie> rowMapper() {
		return this.rowMapper;
	}

	@Transactional(readOnly = true)
	public Optional<Movie> findById(long id) {
		return this.jdbc.sql("SELECT " + MOVIE_COLUMNS + " FROM movies m WHERE m.id = :id")
			.param("id", id)
			.query(this.rowMapper)
			.optional();
	}

	@Transactional(readOnly = true)
	public Optional<Movie> findByExternalId(long externalId) {
		return this.jdbc.sql("SELECT " + MOVIE_COLUMNS + " FROM movies m WHERE m.external_id = :externalId")
			.param("externalId", externalId)
			.query(this.rowMapper)
			.optional();
	}

	/** Title search forgiving typos, case and accents; best match first, then the most liked. */
	@Transactional(readOnly = true)
	public MovieList search(String query, int limit, long offset) {
		String matches = (query.length() < SHORTEST_SUBSTRING) ? SHORT_SEARCH_MATCHES : SEARCH_MATCHES;
		return list(matches, SEARCH_ORDER, Map.of("query", query), limit, offset);
	}

	/**
	 * Movies having any of the genres (case-insensitively) and at least the rating, each once, by
	 * weighted rating; a rating of 0 also admits unrated movies.
	 */
	@Transactional(readOnly = true)
	public MovieList byGenres(List<String> genres, double minRating, long priorVotes, int limit, long offset) {
		Map<String, Object> params = Map.of("genres", genres.toArray(String[]::new), "minRating", minRating,
				"priorVotes", priorVotes);
		return list(GENRE_MATCHES, "ORDER BY " + WEIGHTED_RATING + " DESC NULLS LAST, m.like_count DESC, m.id",
				params, limit, offset);
	}

	/** Movies from {@code minYear} on, by popularity damped by age (see {@link #TRENDING_ORDER}). */
	@Transactional(readOnly = true)
	public MovieList trending(int minYear, Duration halfLife, int downloadsPerLike, int limit, long offset) {
		return list(TRENDING_MATCHES, TRENDING_ORDER, Map.of("minYear", minYear, "halfLifeSeconds",
				(double) halfLife.toSeconds(), "downloadsPerLike", downloadsPerLike), limit, offset);
	}

	/** Rated movies with at least {@code minVotes} likes, by weighted rating with m = minVotes. */
	@Transactional(readOnly = true)
	public MovieList topRated(long minVotes, int limit, long offset) {
		return list(TOP_RATED_MATCHES, "ORDER BY " + WEIGHTED_RATING + " DESC, m.like_count DESC, m.id",
				Map.of("priorVotes", minVotes), limit, offset);
	}

	/** Deletes a movie (its embedding goes with it, ON DELETE CASCADE); {@code false} if unknown. */
	public boolean deleteById(long id) {
		return this.jdbc.sql("DELETE FROM movies WHERE id = :id").param("id", id).update() == 1;
	}

	/**
	 * One page and the number of all matches, in one scan; only a page past the end needs a
	 * separate count.
	 */
	private MovieList list(String matches, String order, Map<String, Object> params, int limit, long offset) {
		long[] total = { 0 };
		String page = "SELECT " + MOVIE_COLUMNS + ", count(*) OVER () AS total " + matches + order + PAGE;
		List<Movie> movies = this.jdbc.sql(page)
			.params(params)
			.param("limit", limit)
			.param("offset", offset)
			.query((rs, rowNum) -> {
				total[0] = rs.getLong("total");
				return this.rowMapper.mapRow(rs, rowNum);
			})
			.list();
		if (movies.isEmpty() && offset > 0) {
			total[0] = this.jdbc.sql("SELECT count(*) " + matches).params(params).query(Long.class).single();
		}
		return new MovieList(total[0], movies);
	}

	public long count() {
		return this.jdbc.sql("SELECT count(*) FROM movies").query(Long.class).single();
	}

	private Movie mapMovie(ResultSet rs, int rowNum) throws SQLException {
		return new Movie(rs.getLong("id"), rs.getLong("external_id"), rs.getString("imdb_code"),
				rs.getString("title"), rs.getString("title_english"), rs.getObject("year", Integer.class),
				rs.getObject("rating") != null ? rs.getBigDecimal("rating").doubleValue() : null,
				rs.getObject("runtime", Integer.class), strings(rs.getArray("genres")),
				rs.getString("description_intro"), rs.getString("description_full"), rs.getString("language"),
				rs.getObject("like_count", Integer.class), rs.getObject("download_count", Integer.class),
				rs.getObject("date_uploaded", OffsetDateTime.class), rs.getString("small_cover_image"),
				rs.getString("medium_cover_image"), rs.getString("large_cover_image"),
				rs.getString("yt_trailer_code"), this.json.readValue(rs.getString("cast"), CAST_LIST));
	}

	private static List<String> strings(Array array) throws SQLException {
		return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
	}

}
