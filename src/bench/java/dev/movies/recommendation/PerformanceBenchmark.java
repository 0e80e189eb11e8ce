package dev.movies.recommendation;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.sql.DataSource;

import dev.movies.vector.IndexReport;
import dev.movies.vector.VectorIndexManager;
import dev.movies.embedding.TestEmbeddingModelConfiguration;
import dev.movies.movie.MovieSearchSql;
import dev.movies.movie.MovieRows;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.ObjectMapper;

/**
 * Each read endpoint over HTTP next to the SQL that answers it, in one run on one
 * catalogue: p50/p95 of sequential requests (wrk, one connection: a C client, as pgbench
 * is) beside pgbench running that SQL (one client, the same database, right after), their
 * ratio, the p50 of a Java client in this JVM, the statements the service ran and planned
 * per request (pg_stat_statements), the profile's top frames (Java Flight Recorder), and
 * throughput with wrk at 8 and 32 connections with its errors. Prints figures, asserts
 * nothing about time. {@code bench/performance.sh} runs it at 34,500 and at 100,000
 * films; one size:
 *
 * <pre>
 * flock -x /tmp/movies-cpu.lock ./mvnw -q -Pbenchmark test -Dtest=PerformanceBenchmark \
 *     -Dbench.films=/path/to/wikipedia-movie-data -Dbench.movies=34500 \
 *     -Dbench.database.url=jdbc:postgresql://127.0.0.1:5432/movies_bench_34k
 * </pre>
 *
 * The data: {@link BenchmarkCatalogue} (Wikipedia films, their plots and cast, generated
 * 768-dimension vectors; no model involved: every request here names a movie or a title).
 */
@Tag("benchmark")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=${bench.database.url:jdbc:postgresql://127.0.0.1:5432/movies_c}",
				"spring.datasource.hikari.maximum-pool-size=16", "spring.datasource.hikari.minimum-idle=16",
				"spring.flyway.placeholders.embedding_dimension=768",
				"movies.recommendations.index.create-on-startup=false", "movies.admin-api-key=bench",
				"logging.level.root=WARN" })
@Import(TestEmbeddingModelConfiguration.class)
class PerformanceBenchmark {

	static final int MOVIES = Integer.getInteger("bench.movies", 34_500);

	static final int REQUESTS = Integer.getInteger("bench.requests", 500);

	static final int SECONDS = Integer.getInteger("bench.seconds", 10);

	@Autowired
	JdbcClient jdbc;

	@Autowired
	DataSource dataSource;

	@Autowired
	ObjectMapper json;

	@Autowired
	VectorIndexManager indexes;

	@Autowired
	RecommendationProperties properties;

	@LocalServerPort
	int port;

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final List<String[]> table = new ArrayList<>();

	private final List<String> throughput = new ArrayList<>();

	@Test
	void endpointsNextToTheirSql() throws Exception {
		System.out.printf("%n=== Performance benchmark: %d movies, %d dimensions, %d cores, load average %s ===%n",
				MOVIES, BenchmarkCatalogue.DIMENSION, Runtime.getRuntime().availableProcessors(), loadAverage());
		if (BenchmarkCatalogue.load(this.jdbc, this.dataSource, this.indexes, this.json, MOVIES)
				|| this.indexes.indexes().isEmpty()) {
			IndexReport report = this.indexes.rebuild();
			System.out.printf("index: %s, built in %.1f s%n", report.detail(), report.buildMillis() / 1000.0);
		}
		this.jdbc.sql("CREATE EXTENSION IF NOT EXISTS pg_stat_statements").update();
		Path work = Files.createTempDirectory("performance-benchmark");
		Random random = new Random(7);
		int[] ids = random.ints(REQUESTS, 1, MOVIES + 1).toArray();
		List<String> queries = searchQueries(new Random(11));
		String model = BenchmarkCatalogue.MODEL;
		int efSearch = this.properties.index().efSearch();
		String idsLua = "local n = %d\nfunction request() return wrk.format(\"GET\", \"%%s\" .. math.random(1, n) .. \"%%s\") end\n"
			.formatted(MOVIES);

		endpoint(work, "GET /api/movies/{id}", (i) -> "/api/movies/" + ids[i % ids.length],
				List.of(sql("\\set id random(1, %d)%nSELECT %s FROM movies m WHERE m.id = :id;%n", MOVIES,
						MovieRows.COLUMNS.strip().replace("\n", " "))),
				idsLua.formatted("/api/movies/", ""));
		endpoint(work, "GET /api/recommendations/movie/{id}?ranking=similarity",
				(i) -> "/api/recommendations/movie/" + ids[i % ids.length] + "?limit=10&ranking=similarity",
				List.of(sql(
						"""
								\\set id random(1, %d)
								SELECT %s, n.distance FROM (
								    SELECT e.movie_id, e.embedding <#> (SELECT embedding FROM movie_embeddings WHERE movie_id = :id AND model = '%s') AS distance
								    FROM movie_embeddings e WHERE e.movie_id <> :id AND e.model = '%3$s' ORDER BY distance LIMIT 10
								) n JOIN movies m ON m.id = n.movie_id ORDER BY n.distance;
								""",
						MOVIES, MovieRows.COLUMNS.strip().replace("\n", " "), model)),
				idsLua.formatted("/api/recommendations/movie/", "?limit=10&ranking=similarity"));
		endpoint(work, "GET /api/recommendations/movie/{id} (blended)",
				(i) -> "/api/recommendations/movie/" + ids[i % ids.length] + "?limit=10",
				List.of(sql(
						"""
								\\set id random(1, %d)
								WITH pool AS (
								    SELECT e.movie_id, e.embedding <#> (SELECT embedding FROM movie_embeddings WHERE movie_id = :id AND model = '%s') AS distance,
								        m.genre_keys, m.rating, m.like_count, m.download_count
								    FROM movie_embeddings e JOIN movies m ON m.id = e.movie_id
								    WHERE e.movie_id <> :id AND e.model = '%2$s' ORDER BY distance LIMIT %d
								), ranked AS (SELECT p.*, row_number() OVER (ORDER BY p.distance) AS rn FROM pool p)
								SELECT r.*, %s FROM ranked r LEFT JOIN movies m ON m.id = r.movie_id AND r.rn <= 10 ORDER BY r.rn;
								""",
						MOVIES, model, this.properties.ranking().candidatePoolSize(),
						MovieRows.COLUMNS.strip().replace("\n", " "))),
				idsLua.formatted("/api/recommendations/movie/", "?limit=10"));
		List<String> searchScripts = new ArrayList<>();
		for (String query : queries) {
			String literal = "'" + query.replace("'", "''") + "'";
			searchScripts.add(MovieSearchSql.of(query)
				.replace(":query", literal)
				.replace(":textPool", "300")
				.replace(":titlePool", "1000")
				.replace(":pool", "10")
				.replace(":limit", "10")
				.replace(":offset", "0") + ";\n");
		}
		StringBuilder searchLua = new StringBuilder("local q = {");
		for (String query : queries) {
			searchLua.append('"').append(URLEncoder.encode(query, StandardCharsets.UTF_8)).append("\",");
		}
		searchLua.append(
				"}\nfunction request() return wrk.format(\"GET\", \"/api/search?limit=10&query=\" .. q[math.random(1, #q)]) end\n");
		endpoint(work, "GET /api/search?query=...&limit=10 (%d queries)".formatted(queries.size()),
				(i) -> "/api/search?limit=10&query="
						+ URLEncoder.encode(queries.get(i % queries.size()), StandardCharsets.UTF_8),
				searchScripts, searchLua.toString());

		System.out.printf("%n--- %d movies: HTTP p50/p95 of wrk on one connection for %d s next to pgbench of their SQL "
				+ "(1 client, %d s), and the p50 of %d sequential requests of a Java client in the benchmark's JVM; "
				+ "load average %s ---%n", MOVIES, SECONDS, SECONDS, REQUESTS, loadAverage());
		System.out.printf("%-58s %9s %9s %9s %9s %7s %7s %9s %6s %6s%n", "endpoint", "HTTP p50", "HTTP p95", "SQL p50",
				"SQL p95", "p50 x", "p95 x", "Java p50", "stmts", "plans");
		this.table.forEach(
				(row) -> System.out.printf("%-58s %9s %9s %9s %9s %7s %7s %9s %6s %6s%n", (Object[]) row));
		System.out.printf("%nthroughput (wrk, 2 threads, %d s; pgbench the same SQL at as many clients):%n", SECONDS);
		this.throughput.forEach(System.out::println);
		System.out.printf("load average at the end: %s%n", loadAverage());
	}

	/**
	 * One endpoint: warm-up, sequential HTTP under a flight recording, pgbench of its
	 * SQL, then wrk and pgbench at 8 and 32 connections.
	 */
	private void endpoint(Path work, String name, IntFunction<String> path, List<String> sqlScripts, String lua)
			throws Exception {
		System.out.printf("%n--- %s ---%n", name);
		for (int i = 0; i < 200; i++) {
			get(path.apply(Math.floorMod(REQUESTS - 1 - i, REQUESTS)));
		}
		Map<String, long[]> before = statements();
		long[] web = new long[REQUESTS];
		int errors = 0;
		Path jfr = work.resolve("profile.jfr");
		try (Recording recording = new Recording()) {
			recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(2));
			recording.start();
			for (int i = 0; i < REQUESTS; i++) {
				long t0 = System.nanoTime();
				if (get(path.apply(i)) != 200) {
					errors++;
				}
				web[i] = System.nanoTime() - t0;
			}
			recording.stop();
			recording.dump(jfr);
		}
		Map<String, long[]> after = statements();
		long statements = 0;
		long plans = 0;
		List<String> busiest = new ArrayList<>();
		for (Map.Entry<String, long[]> entry : after.entrySet()) {
			long[] was = before.getOrDefault(entry.getKey(), new long[3]);
			long calls = entry.getValue()[0] - was[0];
			if (calls > 0 && !entry.getKey().contains("pg_stat_statements")) {
				statements += calls;
				plans += entry.getValue()[2] - was[2];
				busiest.add("%8.2f/request %7.3f ms mean %6.2f plans/call  %s".formatted(calls / (double) REQUESTS,
						(entry.getValue()[1] - was[1]) / 1e3 / calls, (entry.getValue()[2] - was[2]) / (double) calls,
						abbreviate(entry.getKey())));
			}
		}
		busiest.sort((a, b) -> b.compareTo(a));
		System.out.printf("statements per request (pg_stat_statements, BEGIN included): %.2f; statements planned "
				+ "per request: %.2f (0 when every statement runs a cached plan; counted when "
				+ "pg_stat_statements.track_planning is on)%n", statements / (double) REQUESTS, plans / (double) REQUESTS);
		busiest.stream().limit(8).forEach((line) -> System.out.println("  " + line));
		profile(jfr);
		Arrays.sort(web);
		List<Path> scripts = new ArrayList<>();
		for (int i = 0; i < sqlScripts.size(); i++) {
			Path script = work.resolve("script-%d.sql".formatted(i));
			Files.writeString(script, sqlScripts.get(i));
			scripts.add(script);
		}
		Path luaScript = work.resolve("requests.lua");
		Files.writeString(luaScript, lua + SEQUENTIAL_SUMMARY);
		// the service's latency as pgbench measures the SQL's: a C client, one
		// connection, one request after another, for as long, right before it
		Sequential http = sequential(luaScript);
		long[] sql = pgbench(work, scripts, 1).latencies();
		this.table.add(new String[] { name, ms(http.p50()), ms(http.p95()), ms(pct(sql, 50)), ms(pct(sql, 95)),
				"%.2f".formatted(http.p50() / pct(sql, 50)), "%.2f".formatted(http.p95() / pct(sql, 95)),
				ms(pct(web, 50)), "%.1f".formatted(statements / (double) REQUESTS),
				"%.2f".formatted(plans / (double) REQUESTS) });
		System.out.printf(
				"HTTP (wrk, 1 connection, %d s) p50 %s ms p95 %s ms, %d requests, %d errors; Java client (%d requests) "
						+ "p50 %s ms p95 %s ms, %d errors; SQL p50 %s ms p95 %s ms%n",
				SECONDS, ms(http.p50()), ms(http.p95()), http.requests(), http.errors(), REQUESTS, ms(pct(web, 50)),
				ms(pct(web, 95)), errors, ms(pct(sql, 50)), ms(pct(sql, 95)));
		for (int connections : new int[] { 8, 32 }) {
			String wrk = wrk(luaScript, connections);
			PgbenchRun pgbench = pgbench(work, scripts, connections);
			this.throughput
				.add("  %-58s %2d connections: %s | SQL %.0f tps".formatted(name, connections, wrk, pgbench.tps()));
			System.out.println(this.throughput.getLast());
		}
	}

	/** wrk prints the percentiles of one connection's requests with this. */
	private static final String SEQUENTIAL_SUMMARY = """

			function done(summary, latency, requests)
			  io.write(string.format("SEQUENTIAL %d %d %d %d\\n", latency:percentile(50), latency:percentile(95),
			    summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read
			    + summary.errors.write + summary.errors.timeout))
			end
			""";

	/** Latencies in milliseconds. */
	private record Sequential(double p50, double p95, long requests, long errors) {
	}

	/** wrk with one thread and one connection: requests one after another. */
	private Sequential sequential(Path lua) throws Exception {
		Process process = new ProcessBuilder("wrk", "-t", "1", "-c", "1", "-d", SECONDS + "s", "-s", lua.toString(),
				"http://127.0.0.1:" + this.port)
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes());
		process.waitFor();
		String[] figures = Stream.of(output.split("\n"))
			.filter((line) -> line.startsWith("SEQUENTIAL "))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("wrk printed no summary: " + output))
			.split(" ");
		return new Sequential(Long.parseLong(figures[1]) / 1000.0, Long.parseLong(figures[2]) / 1000.0,
				Long.parseLong(figures[3]), Long.parseLong(figures[4]));
	}

	private int get(String path) throws Exception {
		HttpResponse<Void> response = this.http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:%d%s".formatted(this.port, path))).build(),
				HttpResponse.BodyHandlers.discarding());
		return response.statusCode();
	}

	/** Calls and total time (microseconds) per statement text in this database. */
	private Map<String, long[]> statements() {
		Map<String, long[]> byQuery = new HashMap<>();
		this.jdbc.sql("""
				SELECT query, sum(calls) AS calls, sum(total_exec_time) * 1000 AS micros, sum(plans) AS plans FROM pg_stat_statements
				WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) GROUP BY query
				""").query((rs) -> {
			byQuery.put(rs.getString(1), new long[] { rs.getLong(2), rs.getLong(3), rs.getLong(4) });
		});
		return byQuery;
	}

	/**
	 * The top frames of the samples taken while the service answered, leaving out the
	 * benchmark's own client.
	 */
	private void profile(Path jfr) throws Exception {
		Map<String, Integer> top = new HashMap<>();
		Map<String, Integer> application = new HashMap<>();
		int samples = 0;
		for (RecordedEvent event : RecordingFile.readAllEvents(jfr)) {
			if (event.getStackTrace() == null) {
				continue;
			}
			List<RecordedFrame> frames = event.getStackTrace().getFrames();
			if (frames.stream()
				.anyMatch((f) -> name(f).contains("PerformanceBenchmark") || name(f).contains("net.http"))) {
				continue;
			}
			samples++;
			top.merge(frames.isEmpty() ? "?" : name(frames.getFirst()), 1, Integer::sum);
			frames.stream()
				.filter((f) -> name(f).startsWith("dev.movies.") || name(f).startsWith("org.postgresql.")
						|| name(f).startsWith("tools.jackson.") || name(f).startsWith("com.zaxxer."))
				.findFirst()
				.ifPresent((f) -> application.merge(name(f), 1, Integer::sum));
		}
		int total = Math.max(1, samples);
		System.out.printf("profile: %d samples of the service's threads (JFR jdk.ExecutionSample, 2 ms)%n", samples);
		System.out.println("  top frames (self):");
		print(top, total);
		System.out.println("  first frame in application, driver, JSON or pool code:");
		print(application, total);
	}

	private static void print(Map<String, Integer> counts, int total) {
		counts.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
			.limit(10)
			.forEach((e) -> System.out.printf("    %5.1f%%  %s%n", 100.0 * e.getValue() / total, e.getKey()));
	}

	private static String name(RecordedFrame frame) {
		return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
	}

	private record PgbenchRun(long[] latencies, double tps) {
	}

	/** pgbench with these scripts (chosen at random), the service's search settings. */
	private PgbenchRun pgbench(Path work, List<Path> scripts, int clients) throws Exception {
		String database = this.jdbc.sql("SELECT current_database()").query(String.class).single();
		Path logs = Files.createTempDirectory(work, "pgbench");
		List<String> command = new ArrayList<>(List.of("pgbench", "-n", "-h", "127.0.0.1", "-U", "movies", "-c",
				Integer.toString(clients), "-j", "2", "-T", Integer.toString(SECONDS), "-M", "prepared"));
		for (Path script : scripts) {
			command.add("-f");
			command.add(script.toString());
		}
		if (clients == 1) {
			command.addAll(List.of("-l", "--log-prefix=" + logs.resolve("pgbench")));
		}
		command.add(database);
		ProcessBuilder builder = new ProcessBuilder(command).directory(logs.toFile()).redirectErrorStream(true);
		// the service's per-transaction settings, as the session's for every pgbench
		// statement
		builder.environment()
			.put("PGOPTIONS", "-c hnsw.ef_search=%d -c hnsw.iterative_scan=relaxed_order -c hnsw.max_scan_tuples=%d"
				.formatted(this.properties.index().efSearch(), this.properties.index().maxScanTuples()));
		Process process = builder.start();
		String output = new String(process.getInputStream().readAllBytes());
		if (process.waitFor() != 0) {
			throw new IllegalStateException("pgbench failed: " + output);
		}
		double tps = Stream.of(output.split("\n"))
			.filter((line) -> line.startsWith("tps"))
			.map((line) -> Double.parseDouble(line.replaceAll("tps = ([0-9.]+).*", "$1")))
			.findFirst()
			.orElse(Double.NaN);
		List<Long> latencies = new ArrayList<>();
		try (Stream<Path> files = Files.list(logs)) {
			for (Path log : files.toList()) {
				for (String line : Files.readAllLines(log)) {
					// client_id transaction_no time(us) script_no time_epoch time_us
					latencies.add(Long.parseLong(line.split(" ")[2]) * 1000);
				}
			}
		}
		return new PgbenchRun(latencies.stream().mapToLong(Long::longValue).sorted().toArray(), tps);
	}

	/** wrk's request rate, latency percentiles and errors, on one line. */
	private String wrk(Path lua, int connections) throws Exception {
		Process process = new ProcessBuilder("wrk", "-t", "2", "-c", Integer.toString(connections), "-d", SECONDS + "s",
				"--latency", "-s", lua.toString(), "http://127.0.0.1:" + this.port)
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes());
		process.waitFor();
		Map<String, String> figures = new LinkedHashMap<>();
		for (String line : output.split("\n")) {
			String t = line.trim();
			if (t.startsWith("Requests/sec:")) {
				figures.put("req/s", t.replace("Requests/sec:", "").trim());
			}
			else if (t.startsWith("50%") || t.startsWith("99%")) {
				figures.put(t.substring(0, 3), t.substring(3).trim());
			}
			else if (t.startsWith("Non-2xx")) {
				figures.put("non-2xx", t.replaceAll(".*:\\s*", ""));
			}
			else if (t.startsWith("Socket errors")) {
				figures.put("socket errors", t.replace("Socket errors:", "").trim());
			}
			else if (t.contains("requests in")) {
				figures.put("requests", t.replaceAll("\\s*(\\d+) requests in.*", "$1"));
			}
		}
		figures.putIfAbsent("non-2xx", "0");
		figures.putIfAbsent("socket errors", "none");
		return figures.entrySet()
			.stream()
			.map((e) -> e.getKey() + " " + e.getValue())
			.collect(Collectors.joining(", "));
	}

	/**
	 * Search queries drawn from the catalogue: whole titles, titles with two letters
	 * swapped, the longest word of a title, a word of a plot, a cast member's name.
	 */
	private List<String> searchQueries(Random random) {
		List<String> titles = this.jdbc
			.sql("SELECT title FROM movies WHERE id <= :n AND title NOT LIKE '%:%' ORDER BY id")
			.param("n", Math.min(MOVIES, 34_500))
			.query(String.class)
			.list();
		List<String> plots = this.jdbc
			.sql("""
					SELECT w FROM (SELECT regexp_split_to_table(description_full, '\\s+') AS w FROM movies WHERE id % 97 = 0) s
					WHERE w ~ '^[a-z]{7,}$' LIMIT 5000
					""")
			.query(String.class)
			.list();
		List<String> cast = this.jdbc
			.sql("""
					SELECT DISTINCT c ->> 'name' FROM movies, jsonb_array_elements("cast") c WHERE id % 53 = 0 AND c ->> 'name' LIKE '% %'
					AND c ->> 'name' NOT LIKE '%:%'
					""")
			.query(String.class)
			.list();
		List<String> queries = new ArrayList<>();
		for (int i = 0; queries.size() < 100; i++) {
			String title = titles.get(random.nextInt(titles.size()));
			String query = switch (i % 5) {
				case 0 -> title;
				case 1 -> swapTwoLetters(title, random);
				case 2 -> Arrays.stream(title.split("\\s+")).max((a, b) -> a.length() - b.length()).orElse(title);
				case 3 -> plots.get(random.nextInt(plots.size()));
				default -> cast.get(random.nextInt(cast.size()));
			};
			if (!query.isBlank()) {
				queries.add(query.strip());
			}
		}
		return queries;
	}

	private static String swapTwoLetters(String text, Random random) {
		if (text.length() < 4) {
			return text;
		}
		int i = 1 + random.nextInt(text.length() - 3);
		return text.substring(0, i) + text.charAt(i + 1) + text.charAt(i) + text.substring(i + 2);
	}

	private static String sql(String format, Object... args) {
		return format.formatted(args);
	}

	private static String abbreviate(String sql) {
		String flat = sql.replaceAll("\\s+", " ").strip();
		return flat.length() <= 110 ? flat : flat.substring(0, 107) + "...";
	}

	private static String loadAverage() {
		try {
			return Files.readString(Path.of("/proc/loadavg")).split(" ", 4)[0] + " "
					+ Files.readString(Path.of("/proc/loadavg")).split(" ", 4)[1] + " "
					+ Files.readString(Path.of("/proc/loadavg")).split(" ", 4)[2];
		}
		catch (Exception ex) {
			return "unknown";
		}
	}

	private static String ms(double value) {
		return "%.2f".formatted(value);
	}

	private static double pct(long[] sorted, int percentile) {
		return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1)] / 1e6;
	}

}
