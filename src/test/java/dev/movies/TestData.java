package dev.movies;

import java.util.List;
import java.util.Random;

import com.pgvector.PGvector;
import dev.movies.embedding.HashingEmbeddingModel;
import dev.movies.movie.CatalogueChangedEvent;

import org.springframework.boot.test.context.TestComponent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Puts the shared test database into a known state. */
@TestComponent
public class TestData {

	private final JdbcClient jdbc;

	private final ApplicationEventPublisher events;

	TestData(JdbcClient jdbc, ApplicationEventPublisher events) {
		this.jdbc = jdbc;
		this.events = events;
	}

	/**
	 * Empties every table the application writes. Movie ids start again at 1; backfill
	 * job ids keep counting, as they do in production, so a worker that a cached test
	 * context still runs for an earlier test's job can never mistake a later test's job
	 * for its own.
	 */
	public void reset() {
		for (int attempt = 1;; attempt++) {
			try {
				// One statement takes every lock at once: a backfill worker still
				// finishing cannot deadlock it.
				this.jdbc.sql("TRUNCATE movies, embedding_jobs CASCADE").update();
				break;
			}
			catch (PessimisticLockingFailureException ex) {
				// A context that just started may be building the vector index
				// CONCURRENTLY, which waits for every older transaction: PostgreSQL ends
				// the truncate as a deadlock.
				if (attempt == 5) {
					throw ex;
				}
			}
		}
		this.jdbc.sql("SELECT setval(pg_get_serial_sequence('movies', 'id'), 1, false)").query(Long.class).single();
		// what was derived from the previous test's catalogue (the popularity normaliser,
		// the full text's word counts) is forgotten, as after an import
		this.events.publishEvent(new CatalogueChangedEvent(0, 0));
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

	/**
	 * Stores a movie's vector as the backfill would, under the given model (the text hash
	 * is a dummy).
	 */
	public void insertEmbedding(long movieId, float[] vector, String model) {
		this.jdbc.sql("""
				INSERT INTO movie_embeddings (movie_id, embedding, model, text_hash)
				VALUES (:id, :embedding, :model, '\\x00')
				""").param("id", movieId).param("embedding", new PGvector(vector)).param("model", model).update();
	}

	/**
	 * A small embedded catalogue: dramas "Movie 1".."Movie n" with random 384-dimension
	 * unit vectors.
	 */
	public void insertRandomlyEmbeddedMovies(int count, long seed, String model) {
		Random random = new Random(seed);
		for (int i = 1; i <= count; i++) {
			long id = insertMovie(i, "Movie " + i, 2000 + i, 7.0, List.of("Drama"), "Description " + i);
			float[] vector = new float[384];
			for (int d = 0; d < vector.length; d++) {
				vector[d] = (float) random.nextGaussian();
			}
			insertEmbedding(id, HashingEmbeddingModel.normalise(vector), model);
		}
	}

}
