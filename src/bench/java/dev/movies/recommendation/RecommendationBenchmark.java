package dev.movies.recommendation;

import java.io.IOException;
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
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

import javax.sql.DataSource;

import com.pgvector.PGvector;
import dev.movies.vector.IndexReport;
import dev.movies.vector.VectorIndexManager;
import dev.movies.embedding.TestEmbeddingModelConfiguration;
import dev.movies.movie.MovieRows;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

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
 * Data: {@link BenchmarkCatalogue} at 100,000 rows ({@code -Dbench.movies}).
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

	static final int DIMENSION = BenchmarkCatalogue.DIMENSION;

	static final String MODEL = BenchmarkCatalogue.MODEL;

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
		BenchmarkCatalogue.load(this.jdbc, this.dataSource, this.indexes, this.json, MOVIES);
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
						.nearest(this.repository.findVectorsByIds(List.of(id), MODEL).getFirst().embedding(), MODEL,
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
			.prepareStatement("SELECT " + MovieRows.COLUMNS + " FROM movies m WHERE m.id = ANY (?)")) {
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

	private static double pct(long[] sorted, int percentile) {
		return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1)] / 1e6;
	}

}
