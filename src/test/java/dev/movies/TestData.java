package dev.movies;

import java.util.List;

import org.springframework.boot.test.context.TestComponent;
import org.springframework.dao.PessimisticLockingFailureException;
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
		for (int attempt = 1;; attempt++) {
			try {
				// One statement takes every lock at once: a backfill worker still finishing cannot
				// deadlock it.
				this.jdbc.sql("TRUNCATE movies, embedding_jobs CASCADE").update();
				break;
			}
			catch (PessimisticLockingFailureException ex) {
				// A context that just started may be building the vector index CONCURRENTLY, which
				// waits for every older transaction: PostgreSQL ends the truncate as a deadlock.
				if (attempt == 5) {
					throw ex;
				}
			}
		}
		this.jdbc.sql("SELECT setval(pg_get_serial_sequence('movies', 'id'), 1, false)").query(Long.class).single();
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
