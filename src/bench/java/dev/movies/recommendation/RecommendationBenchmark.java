package dev.movies.recommendation;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

import javax.sql.DataSource;

import com.pgvector.PGvector;
import dev.movies.embedding.TestEmbeddingModelConfiguration;
import dev.movies.movie.MovieRepository;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Recall, latency, throughput and index cost at 100,000 movies with 768-dimensional
 * vectors. Prints figures, asserts nothing about time. Run (exclusive CPU lock, see
 * docs/recommendations.md):
 *
 * <pre>
 * flock -x /tmp/movies-cpu.lock ./mvnw -q -Pbenchmark test -Dtest=RecommendationBenchmark -Dbench.films=/path/to/wikipedia-movie-data
 * </pre>
 *
 * Data: the Wikipedia films of the public wikipedia-movie-data set (its
 * {@code movies-*.json} files in the folder {@code -Dbench.films} names; titles, years,
 * genres, extracts) repeated to 100,000 rows, with generated vectors: unit vectors of 768
 * dimensions lying near a 32-dimensional subspace (published estimates of the intrinsic
 * dimension of sentence embeddings are 10-40), placed by the film's first genre and
 * decade, copies of one film close together (like remakes and sequels). Loaded once by
 * COPY into the benchmark database and reused by later runs.
 */
@Tag("benchmark")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=${bench.database.url:jdbc:postgresql://127.0.0.1:5432/movies_c}",
				"spring.flyway.placeholders.embedding_dimension=768",
				"movies.recommendations.index.create-on-startup=false", "movies.admin-api-key=bench",
				"logging.level.root=WARN" })
@Import(TestEmbeddingModelConfiguration.class)
class RecommendationBenchmark {

	static final int MOVIES = Integer.getInteger("bench.movies", 100_000);

	static final int DIMENSION = 768;

	static final int LATENT = 32;

	// the service compares only vectors of its configured model: the test configuration's
	static final String MODEL = "hashing-test-model";

	/** Held by about 1% of the rows (0.9% of the Wikipedia films). */
	static final String RARE_GENRE = "independent";

	@Autowired
	JdbcClient jdbc;

	@Autowired
	DataSource dataSource;

	@Autowired
	ObjectMapper json;

	@Autowired
	RecommendationService service;

	@Autowired
	RecommendationRepository repository;

	@Autowired
	VectorIndexManager indexes;

	@Autowired
	RecommendationProperties properties;

	@LocalServerPort
	int port;

	@Test
	void recallLatencyThroughputAndIndexCost() throws Exception {
		System.out.printf("%n=== Recommendation benchmark: %d movies, %d dimensions, %d cores ===%n", MOVIES, DIMENSION,
				Runtime.getRuntime().availableProcessors());
		load();
		buildIndex();
		Random random = new Random(7);
		List<Long> queries = random.longs(200, 1, MOVIES + 1).boxed().toList();
		recall(queries, false);
		recall(queries, true);
		latency(random.longs(1000, 1, MOVIES + 1).boxed().toList());
		throughput(8);
		throughput(32);
	}

	private void load() throws Exception {
		long loaded = this.jdbc.sql("SELECT count(*) FROM movie_embeddings WHERE model = :model")
			.param("model", MODEL)
			.query(Long.class)
			.single();
		if (loaded == MOVIES) {
			System.out.printf("data: %d movies already loaded (model %s)%n", loaded, MODEL);
			return;
		}
		long started = System.nanoTime();
		this.jdbc.sql("TRUNCATE movies RESTART IDENTITY CASCADE").update();
		for (VectorIndex index : this.indexes.indexes()) {
			this.jdbc.sql("DROP INDEX " + index.name()).update();
		}
		List<JsonNode> films = films();
		Random random = new Random(42);
		double[][] projection = gaussian(random, DIMENSION, LATENT, 1 / Math.sqrt(LATENT));
		List<String> genreNames = new ArrayList<>();
		List<double[]> genreCentres = new ArrayList<>();
		double[][] decadeCentres = gaussian(random, 13, LATENT, 1 / Math.sqrt(LATENT));
		double[][] filmCentres = new double[films.size()][];
		try (Connection connection = this.dataSource.getConnection()) {
			CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
			StringBuilder movies = new StringBuilder();
			StringBuilder vectors = new StringBuilder();
			for (int i = 0; i < MOVIES; i++) {
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
					.append('\n');
				vectors.append(i + 1)
					.append('\t')
					.append(new PGvector(vector).getValue())
					.append('\t')
					.append(MODEL)
					.append("\t\\\\x00\n");
				if ((i + 1) % 10_000 == 0 || i + 1 == MOVIES) {
					copy.copyIn("COPY movies (external_id, title, year, rating, genres, language, like_count, "
							+ "description_full) FROM STDIN", new StringReader(movies.toString()));
					copy.copyIn("""
							COPY movie_embeddings (movie_id, embedding, model, text_hash) FROM STDIN
							""", new StringReader(vectors.toString()));
					movies.setLength(0);
					vectors.setLength(0);
				}
			}
		}
		this.jdbc.sql("VACUUM ANALYZE movies").update();
		this.jdbc.sql("VACUUM ANALYZE movie_embeddings").update();
		System.out.printf("data: loaded %d movies (%d distinct Wikipedia films, %d genres) in %.1f s%n", MOVIES,
				films.size(), genreNames.size(), (System.nanoTime() - started) / 1e9);
	}

	private void buildIndex() {
		IndexReport report = this.indexes.rebuild();
		long table = this.jdbc.sql("SELECT pg_total_relation_size('movie_embeddings')").query(Long.class).single();
		System.out.printf("index: %s%n", report.detail());
		System.out.printf(
				"index: HNSW build %.1f s, size %.1f MB (pg_relation_size); movie_embeddings with TOAST "
						+ "%.1f MB; maintenance_work_mem %s%n",
				report.buildMillis() / 1000.0, report.sizeBytes() / 1e6, table / 1e6,
				this.properties.index().buildMemory().toMegabytes() + " MB");
	}

	/**
	 * recall@10 of the service's search (ranking=similarity) against an exact scan.
	 * Filtered, the service scans exactly (the filter keeps fewer than
	 * exact-scan-max-rows movies), so the HNSW iterative scan is also measured on its
	 * own, forced.
	 */
	private void recall(List<Long> queries, boolean filtered) {
		RecommendationParameters parameters = new RecommendationParameters(10, 0, "cosine",
				filtered ? List.of(RARE_GENRE) : null, null, null, null, null, null, null, null, null, "similarity",
				null, null, null);
		SearchOptions options = SearchOptions.from(parameters, this.properties);
		String label = "unfiltered";
		if (filtered) {
			double share = this.jdbc.sql("SELECT avg((genre_keys @> ARRAY[:genre::text])::int) FROM movies")
				.param("genre", RARE_GENRE)
				.query(Double.class)
				.single();
			label = "genres=%s (%.2f%% of rows)".formatted(RARE_GENRE, share * 100);
		}
		QueryPlan plan = this.service.plan(10, options, false);
		recall(queries, filtered, "%s, service (%s)".formatted(label, plan.exact() ? "exact scan" : "HNSW"),
				(id) -> this.service.similarToMovie(id, options).movies().stream().map((m) -> m.movie().id()).toList());
		if (filtered) {
			QueryPlan index = new QueryPlan(10, false, plan.efSearch(), plan.maxScanTuples(), plan.probes(), false);
			recall(queries, true, label + ", HNSW iterative scan forced",
					(id) -> this.repository
						.nearest(this.repository.findVectorById(id, MODEL).orElseThrow().embedding(), MODEL,
								DistanceMetric.COSINE, options.withExcluded(Set.of(id)).filters(), index)
						.stream()
						.map(Candidate::movieId)
						.toList());
		}
	}

	private void recall(List<Long> queries, boolean filtered, String label, Function<Long, List<Long>> search) {
		int hits = 0;
		int wanted = 0;
		long[] searchNanos = new long[queries.size()];
		long exactNanos = 0;
		for (int i = 0; i < queries.size(); i++) {
			long id = queries.get(i);
			long t0 = System.nanoTime();
			List<Long> found = search.apply(id);
			long t1 = System.nanoTime();
			Set<Long> exact = new HashSet<>(exact(id, filtered));
			exactNanos += System.nanoTime() - t1;
			searchNanos[i] = t1 - t0;
			wanted += exact.size();
			hits += (int) found.stream().filter(exact::contains).count();
		}
		Arrays.sort(searchNanos);
		System.out.printf("recall@10 %s: %.4f over %d queries (p50 %.2f ms; exact scan mean %.1f ms)%n", label,
				(double) hits / wanted, queries.size(), pct(searchNanos, 50), exactNanos / 1e6 / queries.size());
	}

	private List<Long> exact(long id, boolean filtered) {
		return this.jdbc
			.sql("""
					SELECT e.movie_id
					FROM movie_embeddings e JOIN movies m ON m.id = e.movie_id
					WHERE e.movie_id <> :id AND (NOT :filtered OR m.genre_keys @> ARRAY[:genre::text])
					ORDER BY (e.embedding <#> (SELECT embedding FROM movie_embeddings WHERE movie_id = :id)) + 0 -- "+ 0": no index can serve it, so the scan is exact
					LIMIT 10
					""")
			.param("id", id)
			.param("filtered", filtered)
			.param("genre", RARE_GENRE)
			.query(Long.class)
			.list();
	}

	/**
	 * The endpoint over HTTP next to the very SQL it runs (base vector, per-transaction
	 * settings, nearest neighbours, movie rows) over JDBC, both sequential, the same
	 * movie ids, same run.
	 */
	private void latency(List<Long> ids) throws Exception {
		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		for (long id : ids.subList(0, 200)) {
			get(http, id);
		}
		long[] sql = new long[ids.size()];
		long[] search = new long[ids.size()];
		long[] web = new long[ids.size()];
		try (Connection connection = this.dataSource.getConnection()) {
			// interleaved, alternating which goes first, so both see the same cache state
			for (int i = 0; i < ids.size(); i++) {
				for (int turn = 0; turn < 2; turn++) {
					long t0 = System.nanoTime();
					if ((turn + i) % 2 == 0) {
						search[i] = endpointSql(connection, ids.get(i));
						sql[i] = System.nanoTime() - t0;
					}
					else {
						get(http, ids.get(i));
						web[i] = System.nanoTime() - t0;
					}
				}
			}
		}
		Arrays.sort(sql);
		Arrays.sort(search);
		Arrays.sort(web);
		System.out.printf(
				"latency GET /api/recommendations/movie/{id} (defaults: limit 10, blended ranking over 100 "
						+ "candidates), %d sequential requests, interleaved with the same SQL over JDBC:%n",
				ids.size());
		System.out.printf("  HTTP                     p50 %6.2f ms  p95 %6.2f ms%n", pct(web, 50), pct(web, 95));
		System.out.printf("  same SQL over JDBC       p50 %6.2f ms  p95 %6.2f ms%n", pct(sql, 50), pct(sql, 95));
		System.out.printf("  nearest-neighbour query  p50 %6.2f ms  p95 %6.2f ms%n", pct(search, 50), pct(search, 95));
		long[] floor = new long[ids.size()];
		for (int i = 0; i < ids.size(); i++) {
			long t0 = System.nanoTime();
			send(http, "/actuator/info");
			floor[i] = System.nanoTime() - t0;
		}
		Arrays.sort(floor);
		System.out.printf("  HTTP floor, GET /actuator/info (no database)  p50 %6.2f ms%n", pct(floor, 50));
		long[] pgbench = pgbench();
		System.out.printf(
				"  pgbench, nearest query   p50 %6.2f ms  p95 %6.2f ms  (bench/nearest.sql, %d transactions)%n",
				pct(pgbench, 50), pct(pgbench, 95), pgbench.length);
		System.out.printf("  HTTP p50 / SQL p50 = %.2f; HTTP p50 / pgbench p50 = %.2f%n", pct(web, 50) / pct(sql, 50),
				pct(web, 50) / pct(pgbench, 50));
	}

	/**
	 * The search query alone, straight in PostgreSQL: pgbench with one client for 15 s,
	 * latencies logged.
	 */
	private long[] pgbench() throws Exception {
		String database = this.jdbc.sql("SELECT current_database()").query(String.class).single();
		Path logs = Files.createTempDirectory("pgbench");
		Process process = new ProcessBuilder("pgbench", "-n", "-h", "127.0.0.1", "-U", "movies", "-c", "1", "-T", "15",
				"-M", "prepared", "-f", Path.of("bench/nearest.sql").toAbsolutePath().toString(), "-l",
				"--log-prefix=" + logs.resolve("pgbench"), database)
			.directory(logs.toFile())
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes());
		if (process.waitFor() != 0) {
			throw new IllegalStateException("pgbench failed: " + output);
		}
		List<Long> latencies = new ArrayList<>();
		try (Stream<Path> files = Files.list(logs)) {
			for (Path log : files.toList()) {
				for (String line : Files.readAllLines(log)) {
					// client_id transaction_no time(us) script_no time_epoch time_us
					latencies.add(Long.parseLong(line.split(" ")[2]) * 1000);
				}
			}
		}
		return latencies.stream().mapToLong(Long::longValue).sorted().toArray();
	}

	private void get(HttpClient http, long id) throws IOException, InterruptedException {
		send(http, "/api/recommendations/movie/" + id);
	}

	private void send(HttpClient http, String path) throws IOException, InterruptedException {
		HttpResponse<String> response = http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:%d%s".formatted(this.port, path))).build(),
				HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
		}
	}

	/**
	 * The statements the endpoint issues for one request; returns the nanos of the search
	 * itself.
	 */
	private long endpointSql(Connection connection, long id) throws SQLException {
		PGvector vector;
		try (PreparedStatement base = connection.prepareStatement("""
				SELECT m.id, m.title, m.year, m.genre_keys, e.embedding::text AS embedding
				FROM movies m LEFT JOIN movie_embeddings e ON e.movie_id = m.id WHERE m.id = ?
				""")) {
			base.setLong(1, id);
			try (ResultSet rs = base.executeQuery()) {
				rs.next();
				vector = new PGvector(rs.getString("embedding"));
			}
		}
		List<Long> found = new ArrayList<>();
		long t0 = System.nanoTime();
		connection.setAutoCommit(false);
		try (PreparedStatement settings = connection.prepareStatement(
				"""
						SELECT set_config('hnsw.ef_search', '100', true), set_config('hnsw.iterative_scan', 'relaxed_order', true),
						       set_config('hnsw.max_scan_tuples', '20000', true), set_config('ivfflat.probes', '1', true),
						       set_config('ivfflat.iterative_scan', 'relaxed_order', true), set_config('enable_indexscan', 'on', true)
						""");
				PreparedStatement nearest = connection.prepareStatement("""
						SELECT e.movie_id, e.embedding <#> ? AS order_distance, e.embedding <=> ? AS distance,
						       m.genre_keys, m.rating, m.like_count
						FROM movie_embeddings e
						JOIN movies m ON m.id = e.movie_id
						WHERE e.movie_id <> ALL (?)
						ORDER BY order_distance
						LIMIT 100
						""")) {
			settings.executeQuery().close();
			// bound as a vector, like the service: a text parameter cast in SQL would be
			// parsed again for every row
			nearest.setObject(1, vector);
			nearest.setObject(2, vector);
			nearest.setArray(3, connection.createArrayOf("bigint", new Long[] { id }));
			try (ResultSet rs = nearest.executeQuery()) {
				while (rs.next()) {
					found.add(rs.getLong(1));
				}
			}
			connection.commit();
		}
		finally {
			connection.setAutoCommit(true);
		}
		long searchNanos = System.nanoTime() - t0;
		try (PreparedStatement movies = connection
			.prepareStatement("SELECT " + MovieRepository.MOVIE_COLUMNS + " FROM movies m WHERE m.id = ANY (?)")) {
			movies.setArray(1, connection.createArrayOf("bigint", found.subList(0, 10).toArray()));
			try (ResultSet rs = movies.executeQuery()) {
				while (rs.next()) {
					rs.getString("cast");
				}
			}
		}
		return searchNanos;
	}

	private void throughput(int connections) throws Exception {
		Path script = Path.of("bench/random-movie.lua").toAbsolutePath();
		List<String> command = List.of("wrk", "-t", "2", "-c", Integer.toString(connections), "-d", "20s", "--latency",
				"-s", script.toString(), "http://127.0.0.1:" + this.port, "--", Integer.toString(MOVIES));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		process.waitFor();
		System.out.printf("throughput, wrk %d connections, 20 s:%n", connections);
		Stream.of(output.split("\n"))
			.filter((line) -> line.contains("Requests/sec") || line.contains("Non-2xx") || line.contains("errors")
					|| line.matches("\\s+(50|90|99)%.*") || line.contains("requests in"))
			.forEach((line) -> System.out.println("  " + line.trim()));
	}

	private List<JsonNode> films() throws IOException {
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
				this.json.readTree(file.toFile()).forEach(films::add);
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

	private static double pct(long[] sorted, int percentile) {
		return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1)] / 1e6;
	}

}
