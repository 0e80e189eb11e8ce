package dev.movies.web;

import java.sql.Array;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Consumer;

import com.pgvector.PGvector;

import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The catalogue as the web page's map reads it: every movie's vector, title, year and
 * genres.
 */
@Repository
class CatalogueOverviewRepository {

	/**
	 * Rows streamed to the map; the driver fetches in pages instead of holding every
	 * vector at once.
	 */
	private static final int FETCH_SIZE = 2_000;

	private final JdbcClient jdbc;

	CatalogueOverviewRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * What the map was computed from: when none of these changed, neither did the map.
	 * Counts catch deletions, the latest timestamps catch re-embedded and edited movies.
	 */
	String catalogueState(String model) {
		return this.jdbc.sql("""
				SELECT concat_ws('/', (SELECT count(*) FROM movie_embeddings WHERE model = :model),
				       (SELECT max(embedded_at) FROM movie_embeddings WHERE model = :model),
				       (SELECT count(*) FROM movies), (SELECT max(updated_at) FROM movies))
				""").param("model", model).query(String.class).single();
	}

	record MapRow(long id, String title, Integer year, List<String> genres, float[] vector) {
	}

	/**
	 * Streams every movie that has a vector of this model, in id order. Call it inside a
	 * transaction: PostgreSQL's driver only fetches in pages (instead of all rows at
	 * once) with auto-commit off.
	 */
	void streamVectors(String model, boolean withDetails, Consumer<MapRow> consumer) {
		this.jdbc.sql("""
				SELECT m.id, m.title, m.year, e.embedding::text AS embedding,
				       -- canonical names in the movie's own order, so "Sci-Fi" and "Science Fiction" share a colour
				       ARRAY(SELECT coalesce(v.name, g)
				             FROM unnest(m.genres) WITH ORDINALITY AS u(g, n)
				             LEFT JOIN genre_vocabulary() AS v ON v.alias = genre_alias(g)
				             ORDER BY n) AS genres
				FROM movie_embeddings e JOIN movies m ON m.id = e.movie_id
				WHERE e.model = :model
				ORDER BY m.id
				""")
			.withFetchSize(FETCH_SIZE)
			.param("model", model)
			.query((RowCallbackHandler) (rs) -> consumer.accept(new MapRow(rs.getLong("id"),
					withDetails ? rs.getString("title") : null, withDetails ? (Integer) rs.getObject("year") : null,
					withDetails ? strings(rs.getArray("genres")) : List.of(),
					new PGvector(rs.getString("embedding")).toArray())));
	}

	private static List<String> strings(Array array) throws SQLException {
		return (array == null) ? List.of() : List.of((String[]) array.getArray());
	}

}
