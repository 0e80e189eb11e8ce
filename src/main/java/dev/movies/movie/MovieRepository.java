package dev.movies.movie;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * SQL for the catalogue. Reads are read-only transactions: with replicas configured they
 * run there.
 */
@Repository
public class MovieRepository {

	/*
	 * The Bayesian (IMDb) weighted rating WR = (v*R + m*C) / (v + m): v = like_count, R =
	 * rating, m = :priorVotes, C = the catalogue's mean rating. With few votes a movie is
	 * pulled towards C.
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
			WHERE m.year >= :minYear AND (m.rating >= :minRating OR (:minRating = 0 AND m.rating IS NULL))
			""";

	/*
	 * Popularity damped by age: ln(1 + likes + downloads/k) * 0.5^(age / half-life). The
	 * age runs from the upload (or the middle of the release year) and is capped so the
	 * power cannot underflow.
	 */
	private static final String TRENDING_ORDER = """
			ORDER BY
			    ln(1 + m.like_count + m.download_count / CAST(:downloadsPerLike AS float8))
			      * power(0.5, least(1000, greatest(0, extract(epoch FROM now() - %1$s) / :halfLifeSeconds))) DESC,
			    %1$s DESC, m.like_count DESC, m.id
			""".formatted("coalesce(m.date_uploaded, make_timestamptz(m.year, 7, 1, 0, 0, 0, 'UTC'))");

	private static final String TOP_RATED_MATCHES = """
			FROM movies m
			WHERE m.rating >= :minRating AND m.like_count >= :priorVotes
			""";

	private static final String PAGE = "\nLIMIT :limit OFFSET :offset";

	private final JdbcClient jdbc;

	private final RowMapper<Movie> rowMapper;

	MovieRepository(JdbcClient jdbc, MovieRows rows) {
		this.jdbc = jdbc;
		this.rowMapper = rows.mapper();
	}

	@Transactional(readOnly = true)
	public Optional<Movie> findById(long id) {
		return findOne("m.id = :value", id);
	}

	@Transactional(readOnly = true)
	public Optional<Movie> findByExternalId(long externalId) {
		return findOne("m.external_id = :value", externalId);
	}

	private Optional<Movie> findOne(String condition, long value) {
		return this.jdbc.sql("SELECT " + MovieRows.COLUMNS + " FROM movies m WHERE " + condition)
			.param("value", value)
			.query(this.rowMapper)
			.optional();
	}

	/**
	 * Full movies by id. A movie deleted meanwhile is simply absent: callers pair movies
	 * with what they know of them by id, never by position.
	 */
	@Transactional(readOnly = true)
	public Map<Long, Movie> findByIds(Collection<Long> ids) {
		if (ids.isEmpty()) {
			return Map.of();
		}
		Map<Long, Movie> byId = new HashMap<>();
		this.jdbc.sql("SELECT " + MovieRows.COLUMNS + " FROM movies m WHERE m.id = ANY (:ids)")
			.param("ids", ids.toArray(Long[]::new))
			.query(this.rowMapper)
			.list()
			.forEach((movie) -> byId.put(movie.id(), movie));
		return byId;
	}

	/**
	 * Search over titles (forgiving typos, case and accents), cast and descriptions:
	 * title matches first, then the others by text rank. The count of all matches is
	 * {@code null} when more movies match a title than {@code titlePool}, or the text
	 * than {@code textPool}, the most that are ranked.
	 */
	@Transactional(readOnly = true)
	public MovieList search(String query, int limit, long offset, int textPool, int titlePool) {
		long pool = offset + limit;
		int[] matches = { 0, 0 };
		List<Movie> movies = this.jdbc.sql(MovieSearchSql.of(query))
			.param("query", query)
			.param("titleQuery", MovieSearchSql.titleQuery(query))
			.param("excluded", Objects.requireNonNullElse(MovieSearchSql.excluded(query), ""))
			.param("pool", pool)
			.param("textPool", textPool)
			.param("titlePool", titlePool)
			.param("limit", limit)
			.param("offset", offset)
			.query((rs, rowNum) -> {
				matches[0] = rs.getInt("title_matches");
				matches[1] = rs.getInt("text_matches");
				return this.rowMapper.mapRow(rs, rowNum);
			})
			.list();
		if (movies.isEmpty() && offset > 0) {
			// A page past the end: count on the first page, which holds every match there
			// is to count.
			return new MovieList(0, search(query, 1, 0, textPool, titlePool).totalMatches(), movies, null);
		}
		// A pool was full: more title, description or cast matches exist than were
		// ranked, how many is not counted.
		Long totalMatches = (matches[0] >= titlePool || matches[1] >= textPool) ? null : (long) matches[0] + matches[1];
		return new MovieList(movies.size(), totalMatches, movies, null);
	}

	/**
	 * Movies having any of the genres (case-insensitively) and at least the rating, each
	 * once, by weighted rating; a rating of 0 also admits unrated movies.
	 */
	@Transactional(readOnly = true)
	public MovieList byGenres(List<String> genres, double minRating, long priorVotes, int limit, long offset) {
		Map<String, Object> params = Map.of("genres", genres.toArray(String[]::new), "minRating", minRating,
				"priorVotes", priorVotes);
		return list(GENRE_MATCHES, "ORDER BY " + WEIGHTED_RATING + " DESC NULLS LAST, m.like_count DESC, m.id", params,
				limit, offset);
	}

	/**
	 * Movies from {@code minYear} on rated at least {@code minRating} (0 also admits
	 * unrated ones), by popularity damped by age (see {@link #TRENDING_ORDER}).
	 */
	@Transactional(readOnly = true)
	public MovieList trending(int minYear, double minRating, Duration halfLife, int downloadsPerLike, int limit,
			long offset) {
		return list(TRENDING_MATCHES, TRENDING_ORDER, Map.of("minYear", minYear, "minRating", minRating,
				"halfLifeSeconds", (double) halfLife.toSeconds(), "downloadsPerLike", downloadsPerLike), limit, offset);
	}

	/**
	 * Movies rated at least {@code minRating} with at least {@code minVotes} likes, by
	 * weighted rating with m = minVotes.
	 */
	@Transactional(readOnly = true)
	public MovieList topRated(long minVotes, double minRating, int limit, long offset) {
		return list(TOP_RATED_MATCHES, "ORDER BY " + WEIGHTED_RATING + " DESC, m.like_count DESC, m.id",
				Map.of("priorVotes", minVotes, "minRating", minRating), limit, offset);
	}

	/**
	 * Deletes a movie (its embedding goes with it, ON DELETE CASCADE); {@code false} if
	 * unknown.
	 */
	public boolean deleteById(long id) {
		return this.jdbc.sql("DELETE FROM movies WHERE id = :id").param("id", id).update() == 1;
	}

	/**
	 * One page and the number of all matches, in one scan; only a page past the end needs
	 * a separate count.
	 */
	private MovieList list(String matches, String order, Map<String, Object> params, int limit, long offset) {
		long[] total = { 0 };
		String page = "SELECT " + MovieRows.COLUMNS + ", count(*) OVER () AS total " + matches + order + PAGE;
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
		return new MovieList(movies.size(), total[0], movies, null);
	}

	/**
	 * The catalogue's genres, canonical (aliases counted once), the most common first.
	 */
	@Transactional(readOnly = true)
	public List<GenreCount> genres() {
		return this.jdbc.sql("""
				SELECT coalesce(genre_name(g.key), initcap(g.key)) AS name, g.key, count(*) AS movie_count
				FROM movies m, unnest(m.genre_keys) AS g(key)
				GROUP BY g.key
				ORDER BY movie_count DESC, name
				""").query(GenreCount.class).list();
	}

	public boolean isEmpty() {
		return !this.jdbc.sql("SELECT EXISTS (SELECT FROM movies)").query(Boolean.class).single();
	}

	public long count() {
		return this.jdbc.sql("SELECT count(*) FROM movies").query(Long.class).single();
	}

}
