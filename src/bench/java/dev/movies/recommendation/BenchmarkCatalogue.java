package dev.movies.recommendation;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

import javax.sql.DataSource;

import com.pgvector.PGvector;
import dev.movies.vector.VectorIndex;
import dev.movies.vector.VectorIndexManager;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The benchmarks' catalogue: the Wikipedia films of the public wikipedia-movie-data set
 * (its {@code movies-*.json} files in the folder {@code -Dbench.films} names; titles,
 * years, genres, extracts, cast) repeated to the wanted number of rows, with generated
 * vectors: unit vectors of 768 dimensions lying near a 32-dimensional subspace (published
 * estimates of the intrinsic dimension of sentence embeddings are 10-40), placed by the
 * film's first genre and decade, copies of one film close together (like remakes and
 * sequels). Loaded once by COPY into the benchmark database and reused by later runs.
 */
final class BenchmarkCatalogue {

	static final int DIMENSION = 768;

	static final int LATENT = 32;

	/**
	 * The service compares only vectors of its configured model: the test
	 * configuration's.
	 */
	static final String MODEL = "hashing-test-model";

	private BenchmarkCatalogue() {
	}

	/**
	 * Loads {@code movies} rows unless exactly that many vectors of {@link #MODEL} are
	 * there; true when it loaded (the vector index is then dropped and must be rebuilt).
	 */
	static boolean load(JdbcClient jdbc, DataSource dataSource, VectorIndexManager indexes, ObjectMapper json,
			int movieCount) throws Exception {
		long loaded = jdbc.sql("SELECT count(*) FROM movie_embeddings WHERE model = :model")
			.param("model", MODEL)
			.query(Long.class)
			.single();
		long rows = jdbc.sql("SELECT count(*) FROM movies").query(Long.class).single();
		boolean withCast = jdbc.sql("SELECT EXISTS (SELECT FROM movies WHERE \"cast\" <> '[]')")
			.query(Boolean.class)
			.single();
		if (loaded == movieCount && rows == movieCount && withCast) {
			System.out.printf("data: %d movies already loaded (model %s)%n", loaded, MODEL);
			return false;
		}
		long started = System.nanoTime();
		jdbc.sql("TRUNCATE movies RESTART IDENTITY CASCADE").update();
		for (VectorIndex index : indexes.indexes()) {
			jdbc.sql("DROP INDEX " + index.name()).update();
		}
		List<JsonNode> films = films(json);
		Random random = new Random(42);
		double[][] projection = gaussian(random, DIMENSION, LATENT, 1 / Math.sqrt(LATENT));
		List<String> genreNames = new ArrayList<>();
		List<double[]> genreCentres = new ArrayList<>();
		double[][] decadeCentres = gaussian(random, 13, LATENT, 1 / Math.sqrt(LATENT));
		double[][] filmCentres = new double[films.size()][];
		try (Connection connection = dataSource.getConnection()) {
			CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
			StringBuilder movies = new StringBuilder();
			StringBuilder vectors = new StringBuilder();
			for (int i = 0; i < movieCount; i++) {
				int f = i % films.size();
				JsonNode film = films.get(f);
				List<String> genres = new ArrayList<>();
				film.path("genres").forEach((g) -> genres.add(g.asString()));
				String genre = genres.isEmpty() ? "none" : genres.getFirst().toLowerCase(Locale.ROOT);
				int decade = Math.max(0, Math.min(12, (film.path("year").asInt(1900) - 1900) / 10));
				if (filmCentres[f] == null) {
					int g = genreNames.indexOf(genre);
					if (g < 0) {
						genreNames.add(genre);
						genreCentres.add(gaussian(random, 1, LATENT, 1 / Math.sqrt(LATENT))[0]);
						g = genreNames.size() - 1;
					}
					double[] z = new double[LATENT];
					for (int k = 0; k < LATENT; k++) {
						z[k] = genreCentres.get(g)[k] + 0.5 * decadeCentres[decade][k]
								+ 0.7 * random.nextGaussian() / Math.sqrt(LATENT);
					}
					filmCentres[f] = z;
				}
				double[] z = filmCentres[f].clone();
				if (i >= films.size()) {
					for (int k = 0; k < LATENT; k++) {
						z[k] += 0.3 * random.nextGaussian() / Math.sqrt(LATENT);
					}
				}
				float[] vector = embed(projection, z, random);
				String title = film.path("title").asString()
						+ (i >= films.size() ? " (copy %d)".formatted(i / films.size()) : "");
				int likes = (int) Math.min(100_000, Math.exp(random.nextGaussian() * 1.5 + 4));
				double rating = Math.round((5 + random.nextGaussian() * 1.3) * 10) / 10.0;
				StringBuilder cast = new StringBuilder("[");
				film.path("cast").forEach((name) -> {
					if (cast.length() > 1) {
						cast.append(',');
					}
					cast.append("{\"name\":").append(json.writeValueAsString(name.asString())).append('}');
				});
				cast.append(']');
				movies.append(i + 1)
					.append('\t')
					.append(copyText(title))
					.append('\t')
					.append(film.path("year").asInt())
					.append('\t')
					.append(Math.max(0, Math.min(10, rating)))
					.append('\t')
					.append(array(genres))
					.append('\t')
					.append("en")
					.append('\t')
					.append(likes)
					.append('\t')
					.append(copyText(film.path("extract").asString("")))
					.append('\t')
					.append(copyText(cast.toString()))
					.append('\n');
				vectors.append(i + 1)
					.append('\t')
					.append(new PGvector(vector).getValue())
					.append('\t')
					.append(MODEL)
					.append("\t\\\\x00\n");
				if ((i + 1) % 10_000 == 0 || i + 1 == movieCount) {
					copy.copyIn("COPY movies (external_id, title, year, rating, genres, language, like_count, "
							+ "description_full, \"cast\") FROM STDIN", new StringReader(movies.toString()));
					copy.copyIn("""
							COPY movie_embeddings (movie_id, embedding, model, text_hash) FROM STDIN
							""", new StringReader(vectors.toString()));
					movies.setLength(0);
					vectors.setLength(0);
				}
			}
		}
		jdbc.sql("VACUUM ANALYZE movies").update();
		jdbc.sql("VACUUM ANALYZE movie_embeddings").update();
		System.out.printf("data: loaded %d movies (%d distinct Wikipedia films, %d genres) in %.1f s%n", movieCount,
				films.size(), genreNames.size(), (System.nanoTime() - started) / 1e9);
		return true;
	}

	static List<JsonNode> films(ObjectMapper json) throws IOException {
		Path folder = Path.of(System.getProperty("bench.films", ""));
		if (System.getProperty("bench.films") == null || !Files.isDirectory(folder)) {
			throw new IllegalStateException(
					"Give the folder of the wikipedia-movie-data JSON files (movies-1900s.json ...) "
							+ "with -Dbench.films=<folder>; the data set is public (prust/wikipedia-movie-data on GitHub)");
		}
		List<JsonNode> films = new ArrayList<>();
		try (Stream<Path> files = Files.list(folder)) {
			for (Path file : files.filter((p) -> p.getFileName().toString().matches("movies-\\d{4}s\\.json"))
				.sorted()
				.toList()) {
				json.readTree(file.toFile()).forEach(films::add);
			}
		}
		return films;
	}

	private static float[] embed(double[][] projection, double[] z, Random random) {
		float[] vector = new float[DIMENSION];
		double norm = 0;
		for (int d = 0; d < DIMENSION; d++) {
			double value = 0;
			for (int k = 0; k < LATENT; k++) {
				value += projection[d][k] * z[k];
			}
			// isotropic noise of about a fifth of the signal's length
			value += 0.2 * random.nextGaussian() / Math.sqrt(DIMENSION) * 1.2;
			vector[d] = (float) value;
			norm += value * value;
		}
		for (int d = 0; d < DIMENSION; d++) {
			vector[d] = (float) (vector[d] / Math.sqrt(norm));
		}
		return vector;
	}

	private static double[][] gaussian(Random random, int rows, int columns, double scale) {
		double[][] matrix = new double[rows][columns];
		for (double[] row : matrix) {
			for (int k = 0; k < columns; k++) {
				row[k] = random.nextGaussian() * scale;
			}
		}
		return matrix;
	}

	private static String array(List<String> values) {
		StringBuilder array = new StringBuilder("{");
		for (String value : values) {
			if (array.length() > 1) {
				array.append(',');
			}
			array.append('"').append(value.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
		}
		return copyText(array.append('}').toString());
	}

	/** Escapes a value for COPY's text format. */
	private static String copyText(String value) {
		return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
	}

}
