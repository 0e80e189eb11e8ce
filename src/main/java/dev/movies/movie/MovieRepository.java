package dev.movies.movie;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Array;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/** SQL for the catalogue. */
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

	public Optional<Movie> findById(long id) {
		return this.jdbc.sql("SELECT " + MOVIE_COLUMNS + " FROM movies m WHERE m.id = :id")
			.param("id", id)
			.query(this.rowMapper)
			.optional();
	}

	public Optional<Movie> findByExternalId(long externalId) {
		return this.jdbc.sql("SELECT " + MOVIE_COLUMNS + " FROM movies m WHERE m.external_id = :externalId")
			.param("externalId", externalId)
			.query(this.rowMapper)
			.optional();
	}

	public boolean existsById(long id) {
		return this.jdbc.sql("SELECT EXISTS (SELECT 1 FROM movies WHERE id = :id)")
			.param("id", id)
			.query(Boolean.class)
			.single();
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
