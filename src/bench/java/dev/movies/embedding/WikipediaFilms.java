package dev.movies.embedding;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Loads the Wikipedia film list (github.com/prust/wikipedia-movie-data) straight into the
 * catalogue for benchmarks: PostgreSQL parses each decade's JSON file in one statement.
 * Benchmarks only; tests never depend on the data set.
 */
public final class WikipediaFilms {

	/**
	 * A clone of https://github.com/prust/wikipedia-movie-data, given as
	 * -Dmovies.benchmark.dataset.
	 */
	public static final Path DATASET = Path.of(System.getProperty("movies.benchmark.dataset", "wikipedia-movie-data"));

	private WikipediaFilms() {
	}

	/**
	 * Empties the catalogue and loads up to {@code limit} films, the newest decades
	 * first.
	 */
	public static int load(JdbcClient jdbc, int limit) {
		jdbc.sql("TRUNCATE movies, embedding_jobs RESTART IDENTITY CASCADE").update();
		int loaded = 0;
		for (Path file : decades()) {
			if (loaded >= limit) {
				break;
			}
			loaded += jdbc.sql("""
					INSERT INTO movies (external_id, title, year, genres, description_full, "cast")
					SELECT :offset + ord, m ->> 'title', (m ->> 'year')::int,
					       ARRAY(SELECT jsonb_array_elements_text(coalesce(m -> 'genres', '[]'))),
					       m ->> 'extract',
					       coalesce((SELECT jsonb_agg(jsonb_build_object('name', c))
					                 FROM jsonb_array_elements_text(coalesce(m -> 'cast', '[]')) AS c), '[]')
					FROM jsonb_array_elements(CAST(:json AS jsonb)) WITH ORDINALITY AS t(m, ord)
					WHERE btrim(coalesce(m ->> 'title', '')) <> ''
					LIMIT :remaining
					""").param("offset", loaded).param("json", read(file)).param("remaining", limit - loaded).update();
		}
		jdbc.sql("ANALYZE movies").update();
		return loaded;
	}

	private static List<Path> decades() {
		if (!Files.isDirectory(DATASET)) {
			throw new IllegalStateException("No data set at " + DATASET.toAbsolutePath()
					+ ": pass -Dmovies.benchmark.dataset=<path to wikipedia-movie-data>");
		}
		try (Stream<Path> files = Files.list(DATASET)) {
			return files.filter((f) -> f.getFileName().toString().matches("movies-\\d{4}s\\.json"))
				.sorted(Comparator.reverseOrder())
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
