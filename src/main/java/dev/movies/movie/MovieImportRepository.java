package dev.movies.movie;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.postgresql.PGConnection;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import tools.jackson.databind.ObjectMapper;

/**
 * The fast path for bulk upserts: COPY a chunk into a temporary staging table, then one
 * {@code INSERT ... SELECT ... ON CONFLICT (external_id) DO UPDATE} that only touches
 * rows whose values differ (pgjdbc cannot rewrite an upsert into a multi-row statement,
 * so batching it would still be one round trip per row).
 */
@Repository
class MovieImportRepository {

	private static final String CREATE_STAGING = """
			CREATE TEMPORARY TABLE movie_import (
			    external_id bigint, imdb_code text, title text, title_english text, year integer,
			    rating numeric(3,1), runtime integer, genres text[], description_intro text,
			    description_full text, language text, like_count integer, download_count integer,
			    date_uploaded timestamptz, small_cover_image text, medium_cover_image text,
			    large_cover_image text, yt_trailer_code text, "cast" jsonb, torrents jsonb
			) ON COMMIT DROP
			""";

	private static final String COPY = "COPY movie_import FROM STDIN (FORMAT text)";

	/*
	 * Rows are taken in external_id order so that concurrent imports lock rows in the
	 * same order (no deadlocks). The row comparison keeps unchanged rows (and their
	 * updated_at) untouched; xmax = 0 tells a fresh insert from an update.
	 */
	private static final String UPSERT = """
			WITH upserted AS (
			    INSERT INTO movies AS m (external_id, imdb_code, title, title_english, year, rating, runtime,
			        genres, description_intro, description_full, language, like_count, download_count,
			        date_uploaded, small_cover_image, medium_cover_image, large_cover_image, yt_trailer_code, "cast",
			        torrents)
			    SELECT external_id, imdb_code, title, title_english, year, rating, runtime,
			        genres, description_intro, description_full, language, like_count, download_count,
			        date_uploaded, small_cover_image, medium_cover_image, large_cover_image, yt_trailer_code, "cast",
			        torrents
			    FROM movie_import
			    ORDER BY external_id
			    ON CONFLICT (external_id) DO UPDATE SET
			        imdb_code = EXCLUDED.imdb_code, title = EXCLUDED.title, title_english = EXCLUDED.title_english,
			        year = EXCLUDED.year, rating = EXCLUDED.rating, runtime = EXCLUDED.runtime,
			        genres = EXCLUDED.genres, description_intro = EXCLUDED.description_intro,
			        description_full = EXCLUDED.description_full, language = EXCLUDED.language,
			        like_count = EXCLUDED.like_count, download_count = EXCLUDED.download_count,
			        date_uploaded = EXCLUDED.date_uploaded, small_cover_image = EXCLUDED.small_cover_image,
			        medium_cover_image = EXCLUDED.medium_cover_image, large_cover_image = EXCLUDED.large_cover_image,
			        yt_trailer_code = EXCLUDED.yt_trailer_code, "cast" = EXCLUDED."cast", torrents = EXCLUDED.torrents,
			        updated_at = now()
			    WHERE (m.imdb_code, m.title, m.title_english, m.year, m.rating, m.runtime, m.genres,
			            m.description_intro, m.description_full, m.language, m.like_count, m.download_count,
			            m.date_uploaded, m.small_cover_image, m.medium_cover_image, m.large_cover_image,
			            m.yt_trailer_code, m."cast", m.torrents)
			        IS DISTINCT FROM (EXCLUDED.imdb_code, EXCLUDED.title, EXCLUDED.title_english, EXCLUDED.year,
			            EXCLUDED.rating, EXCLUDED.runtime, EXCLUDED.genres, EXCLUDED.description_intro,
			            EXCLUDED.description_full, EXCLUDED.language, EXCLUDED.like_count, EXCLUDED.download_count,
			            EXCLUDED.date_uploaded, EXCLUDED.small_cover_image, EXCLUDED.medium_cover_image,
			            EXCLUDED.large_cover_image, EXCLUDED.yt_trailer_code, EXCLUDED."cast", EXCLUDED.torrents)
			    RETURNING xmax = 0 AS inserted
			)
			SELECT count(*) FILTER (WHERE inserted) AS inserted, count(*) FILTER (WHERE NOT inserted) AS updated
			FROM upserted
			""";

	private final JdbcClient jdbc;

	private final JdbcTemplate jdbcTemplate;

	private final ObjectMapper json;

	MovieImportRepository(JdbcClient jdbc, JdbcTemplate jdbcTemplate, ObjectMapper json) {
		this.jdbc = jdbc;
		this.jdbcTemplate = jdbcTemplate;
		this.json = json;
	}

	/**
	 * Upserts valid movies with distinct external ids in one transaction.
	 * @return how many were inserted and how many updated; the rest were unchanged
	 */
	@Transactional
	Upserted upsert(List<Movie> movies) {
		this.jdbc.sql(CREATE_STAGING).update();
		byte[] rows = copyText(movies);
		long copied = this.jdbcTemplate.execute((ConnectionCallback<Long>) (connection) -> {
			try {
				return connection.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY, new ByteArrayInputStream(rows));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex); // reading a byte array does not fail
			}
		});
		if (copied != movies.size()) {
			throw new IllegalStateException("Staged %d of %d movies".formatted(copied, movies.size()));
		}
		return this.jdbc.sql(UPSERT)
			.query((rs, n) -> new Upserted(rs.getLong("inserted"), rs.getLong("updated")))
			.single();
	}

	/** COPY's text format: tab-separated, {@code \N} for null, backslash escapes. */
	private byte[] copyText(List<Movie> movies) {
		StringBuilder out = new StringBuilder(movies.size() * 1024);
		for (Movie movie : movies) {
			field(out, movie.externalId()).append('\t');
			field(out, movie.imdbCode()).append('\t');
			field(out, movie.title()).append('\t');
			field(out, movie.titleEnglish()).append('\t');
			field(out, movie.year()).append('\t');
			field(out, movie.rating() == null ? null : BigDecimal.valueOf(movie.rating()).toPlainString()).append('\t');
			field(out, movie.runtime()).append('\t');
			field(out, arrayLiteral(movie.genres())).append('\t');
			field(out, movie.descriptionIntro()).append('\t');
			field(out, movie.descriptionFull()).append('\t');
			field(out, movie.language()).append('\t');
			field(out, movie.likeCount()).append('\t');
			field(out, movie.downloadCount()).append('\t');
			field(out, movie.dateUploaded()).append('\t');
			field(out, movie.smallCoverImage()).append('\t');
			field(out, movie.mediumCoverImage()).append('\t');
			field(out, movie.largeCoverImage()).append('\t');
			field(out, movie.ytTrailerCode()).append('\t');
			field(out, this.json.writeValueAsString(movie.cast())).append('\t');
			field(out, this.json.writeValueAsString(movie.torrents())).append('\n');
		}
		return out.toString().getBytes(StandardCharsets.UTF_8);
	}

	private static StringBuilder field(StringBuilder out, Object value) {
		if (value == null) {
			return out.append("\\N");
		}
		String text = value.toString();
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '\\' -> out.append("\\\\");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				default -> out.append(c);
			}
		}
		return out;
	}

	/** A text[] literal with every element quoted: {"Action","Sci-Fi"}. */
	private static String arrayLiteral(List<String> values) {
		StringBuilder literal = new StringBuilder(2 + values.size() * 12).append('{');
		for (int i = 0; i < values.size(); i++) {
			if (i > 0) {
				literal.append(',');
			}
			literal.append('"');
			String value = values.get(i);
			for (int j = 0; j < value.length(); j++) {
				char c = value.charAt(j);
				if (c == '"' || c == '\\') {
					literal.append('\\');
				}
				literal.append(c);
			}
			literal.append('"');
		}
		return literal.append('}').toString();
	}

	record Upserted(long inserted, long updated) {
	}

}
