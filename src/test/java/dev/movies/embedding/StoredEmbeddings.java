package dev.movies.embedding;

import java.util.List;

import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks what a backfill left in {@code movie_embeddings} against the catalogue. */
public final class StoredEmbeddings {

	private StoredEmbeddings() {
	}

	/**
	 * {@link #assertOneCurrentPerMovie(JdbcClient, EmbeddingJobRepository, String)} with
	 * the database and repository of {@code context}.
	 */
	public static void assertOneCurrentPerMovie(ApplicationContext context, String model) {
		assertOneCurrentPerMovie(context.getBean(JdbcClient.class), context.getBean(EmbeddingJobRepository.class),
				model);
	}

	/**
	 * Every movie has exactly one vector, made by {@code model} from the movie's current
	 * text (the text hash a backfill would compute now), and no vector belongs to a movie
	 * that is gone.
	 */
	static void assertOneCurrentPerMovie(JdbcClient jdbc, EmbeddingJobRepository repository, String model) {
		List<Long> movieIds = jdbc.sql("SELECT id FROM movies ORDER BY id").query(Long.class).list();
		assertThat(movieIds).isNotEmpty();
		assertThat(jdbc.sql("SELECT count(*) FROM movie_embeddings").query(Long.class).single()).as("stored vectors")
			.isEqualTo(movieIds.size());
		assertThat(jdbc
			.sql("SELECT m.id FROM movies m LEFT JOIN movie_embeddings e ON e.movie_id = m.id WHERE e.movie_id IS NULL")
			.query(Long.class)
			.list()).as("movies without a vector").isEmpty();
		String prefix = TaskPrefixes.defaultsFor(model).document();
		for (EmbeddingJobRepository.PageMovie stored : repository.readPage(movieIds)) {
			String title = stored.movie().title();
			assertThat(stored.embeddedModel()).as("model of %s", title).isEqualTo(model);
			assertThat(stored.textHash()).as("text hash of %s", title)
				.isEqualTo(DocumentText.hash(model, prefix, DocumentText.of(stored.movie())));
		}
	}

}
