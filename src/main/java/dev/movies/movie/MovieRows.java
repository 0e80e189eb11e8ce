package dev.movies.movie;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/**
 * The movie feature's public read API for a full catalogue row: the select list over
 * {@code movies m} and the mapper of a row selected with it. {@link MovieRepository}
 * reads with it; a feature whose one statement joins the catalogue with its own table
 * (the backfill's page, the search that returns its movies without a second round trip)
 * uses the same two instead of copying the columns. Reads by id go through
 * {@link MovieRepository}.
 */
@Component
public class MovieRows {

	/** The columns of a full movie row, over the alias {@code m}. */
	public static final String COLUMNS = """
			m.id, m.external_id, m.imdb_code, m.title, m.title_english, m.year, m.rating, m.runtime, m.genres,
			m.description_intro, m.description_full, m.language, m.like_count, m.download_count, m.date_uploaded,
			m.small_cover_image, m.medium_cover_image, m.large_cover_image, m.yt_trailer_code, m."cast", m.torrents
			""";

	private static final TypeReference<List<CastMember>> CAST_LIST = new TypeReference<>() {
	};

	private static final TypeReference<List<Torrent>> TORRENT_LIST = new TypeReference<>() {
	};

	private final ObjectMapper json;

	private final RowMapper<Movie> mapper = this::map;

	MovieRows(ObjectMapper json) {
		this.json = json;
	}

	/** Maps a row selected with {@link #COLUMNS}. */
	public RowMapper<Movie> mapper() {
		return this.mapper;
	}

	private Movie map(ResultSet rs, int rowNum) throws SQLException {
		return new Movie(rs.getLong("id"), rs.getLong("external_id"), rs.getString("imdb_code"), rs.getString("title"),
				rs.getString("title_english"), rs.getObject("year", Integer.class),
				rs.getObject("rating") != null ? rs.getBigDecimal("rating").doubleValue() : null,
				rs.getObject("runtime", Integer.class), strings(rs.getArray("genres")),
				rs.getString("description_intro"), rs.getString("description_full"), rs.getString("language"),
				rs.getObject("like_count", Integer.class), rs.getObject("download_count", Integer.class),
				rs.getObject("date_uploaded", OffsetDateTime.class), rs.getString("small_cover_image"),
				rs.getString("medium_cover_image"), rs.getString("large_cover_image"), rs.getString("yt_trailer_code"),
				this.json.readValue(rs.getString("cast"), CAST_LIST),
				this.json.readValue(rs.getString("torrents"), TORRENT_LIST));
	}

	private static List<String> strings(Array array) throws SQLException {
		return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
	}

}
