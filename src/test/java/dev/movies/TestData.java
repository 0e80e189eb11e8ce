package dev.movies;

import java.util.List;

import org.springframework.boot.test.context.TestComponent;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Puts the shared test database into a known state. */
@TestComponent
public class TestData {

	private final JdbcClient jdbc;

	TestData(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Empties every table the application writes. Movie ids start again at 1; backfill job ids keep
	 * counting, as they do in production, so a worker that a cached test context still runs for an
	 * earlier test's job can never mistake a later test's job for its own.
	 */
	public void reset() {
		this.jdbc.sql("TRUNCATE movies RESTART IDENTITY CASCADE").update();
		this.jdbc.sql("TRUNCATE embedding_jobs CASCADE").update();
	}

	/** Inserts a minimal movie straight into the table and returns its id. */
	public long insertMovie(long externalId, String title, int year, double rating, List<String> genres,
			String description) {
		return this.jdbc.sql("""
				INSERT INTO movies (external_id, title, year, rating, genres, description_full, language, like_count)
				VALUES (:externalId, :title, :year, :rating, :genres, :description, 'en', 100)
				RETURNING id
				""")
			.param("externalId", externalId)
			.param("title", title)
			.param("year", year)
			.param("rating", rating)
			.param("genres", genres.toArray(String[]::new))
			.param("description", description)
			.query(Long.class)
			.single();
	}

}
