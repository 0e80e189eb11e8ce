import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The million-movie benchmark (single-file Java program, run by bench/million-movies.sh, which
 * creates the database and starts the service on it). Generates {@code count} movies with realistic
 * titles, genres, years, languages and clustered unit vectors; writes them with COPY (movies as
 * text, vectors in binary); then, for full-precision ({@code vector}) storage and then half
 * precision ({@code halfvec}, the service's EMBEDDING_STORAGE=halfvec), times the HNSW build, prints
 * the index size, recall@10 of the service's query against an exact search computed here (all
 * vectors, with and without a selective filter), and p50/p95 of GET
 * /api/recommendations/movie/{id} at 1 and 16 concurrent connections.
 *
 * Usage: java -cp postgresql.jar bench/MillionMovies.java JDBC_URL BASE_URL COUNT
 */
public class MillionMovies {

	static final int DIM = 768;

	static final int SUPER_CLUSTERS = 40;

	static final int SUB_CLUSTERS = 25;

	/**
	 * How a movie differs from its sub-topic: {@code latent} (default) along 32 directions of its
	 * topic plus a little isotropic noise, as text embeddings vary along a few dozen directions;
	 * {@code isotropic} in all 768 directions alike, the far harder case the first run used.
	 */
	static final String VECTORS = System.getProperty("vectors", "latent");

	static final int LATENT = 32;

	/** Which storages to build and measure, in order: vector, halfvec or both. */
	static final String STORAGES = System.getProperty("storages", "vector,halfvec");

	static final boolean MEASURE_ONLY = Boolean.getBoolean("measureOnly");

	/** The ef_search values whose recall is measured; the service's default is 100. */
	static final int[] EF_SEARCH = { 40, 100, 200, 400 };

	static final String[] GENRES = { "Drama", "Comedy", "Action", "Thriller", "Romance", "Horror", "Crime",
			"Adventure", "Sci-Fi", "Fantasy", "Animation", "Documentary", "Mystery", "Family", "War", "Western",
			"Musical", "History", "Biography", "Sport" };

	/** The selective filter: about 1% of the catalogue, spread over every cluster. */
	static final String RARE_GENRE = "Film-Noir";

	static final String[] LANGUAGES = { "en", "en", "en", "en", "en", "en", "en", "fr", "es", "de", "it", "ja", "ko",
			"hi", "zh", "pt", "sv", "ru", "tr", "da" };

	static final String[] ADJECTIVES = { "Silent", "Crimson", "Last", "Broken", "Hidden", "Golden", "Dark", "Lost",
			"Wild", "Forgotten", "Endless", "Midnight", "Burning", "Frozen", "Secret", "Little", "Eternal", "Savage",
			"Distant", "Hollow", "Bright", "Iron", "Velvet", "Restless", "Quiet", "Scarlet", "Final", "Lonely",
			"Electric", "Sacred" };

	static final String[] NOUNS = { "Harbor", "Key", "Summer", "Road", "City", "River", "Heart", "Kingdom", "Shadow",
			"Garden", "Storm", "Promise", "Station", "Mirror", "Empire", "Island", "Letter", "Witness", "Dream",
			"Frontier", "Symphony", "Hunter", "Orchard", "Machine", "Voyage", "Bridge", "Crown", "Signal", "Mountain",
			"Echo", "Lighthouse", "Circus", "Verdict", "Tide", "Passenger", "Sky" };

	static final String[] PLACES = { "Paris", "Tokyo", "the North", "Babylon", "Avalon", "Cairo", "the Valley",
			"Manhattan", "the Sea", "Mars", "Casablanca", "Berlin", "the Desert", "Shanghai", "Rome", "the Moon" };

	static final String[] NAMES = { "Anna", "Jack", "Maria", "Leo", "Clara", "Max", "Sofia", "Hugo", "Nora", "Felix",
			"Ivy", "Oscar", "Rosa", "Theo", "Elena", "Victor" };

	final String jdbcUrl;

	final String baseUrl;

	final int count;

	/** Every vector, row-major: the exact search runs over them. */
	final float[] vectors;

	final boolean[] rare;

	long firstId;

	final AtomicReference<String> firstFailure = new AtomicReference<>();

	public static void main(String[] args) throws Exception {
		new MillionMovies(args[0], args[1], Integer.parseInt(args[2])).run();
	}

	MillionMovies(String jdbcUrl, String baseUrl, int count) {
		this.jdbcUrl = jdbcUrl;
		this.baseUrl = baseUrl;
		this.count = count;
		this.vectors = new float[Math.multiplyExact(count, DIM)];
		this.rare = new boolean[count];
	}

	void run() throws Exception {
		System.out.printf(Locale.ROOT, "movies: %,d, dimension %d, vectors %s, %d cores, JVM heap %d MB%n", this.count,
				DIM, VECTORS, Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
		try (Connection db = DriverManager.getConnection(this.jdbcUrl)) {
			if (MEASURE_ONLY) {
				// a database kept by an earlier run (KEEP_DATABASE=true): the same seeds give the
				// same vectors, so only the exact answers are recomputed
				long started = System.nanoTime();
				generateVectors();
				this.firstId = longValue(db, "min(id) FROM movies");
				System.out.printf(Locale.ROOT, "regenerated %,d vectors in %.1f s; measuring the index in place%n",
						this.count, seconds(started));
			}
			else {
				load(db);
			}
			int[] queries = queries(200);
			List<List<Long>> exact = exact(queries, false);
			List<List<Long>> exactRare = exact(queries, true);
			if (MEASURE_ONLY) {
				System.out.println();
				System.out.println("== " + longValue(db, "count(*) FROM movies") + " movies, column "
						+ stringValue(db, "format_type(atttypid, atttypmod) FROM pg_attribute "
								+ "WHERE attrelid = 'movie_embeddings'::regclass AND attname = 'embedding'")
						+ ", index " + size(db, "pg_relation_size('movie_embeddings_embedding_hnsw')"));
				measure(db, queries, exact, exactRare);
				return;
			}
			if (STORAGES.contains("vector")) {
				System.out.println();
				System.out.println("== vector(768) storage, HNSW on vector_ip_ops (m=16, ef_construction=64)");
				buildIndex(db, "vector_ip_ops");
				measure(db, queries, exact, exactRare);
			}
			if (STORAGES.contains("halfvec")) {
				System.out.println();
				System.out.println("== halfvec(768) storage, HNSW on halfvec_ip_ops (m=16, ef_construction=64)");
				try (Statement statement = db.createStatement()) {
					statement.execute("DROP INDEX IF EXISTS movie_embeddings_embedding_hnsw");
					long started = System.nanoTime();
					statement.execute("ALTER TABLE movie_embeddings ALTER COLUMN embedding TYPE halfvec(768) "
							+ "USING embedding::halfvec(768)");
					statement.execute("VACUUM ANALYZE movie_embeddings");
					System.out.printf(Locale.ROOT, "column retyped to halfvec(768) in %.1f s; table %s%n",
							seconds(started), size(db, "pg_table_size('movie_embeddings')"));
				}
				buildIndex(db, "halfvec_ip_ops");
				measure(db, queries, exact, exactRare);
			}
		}
	}

	// ---------------------------------------------------------------- generation and import

	void load(Connection db) throws Exception {
		long started = System.nanoTime();
		generateVectors();
		System.out.printf(Locale.ROOT, "generated %,d clustered unit vectors in %.1f s%n", this.count, seconds(started));

		CopyManager copy = db.unwrap(PGConnection.class).getCopyAPI();
		started = System.nanoTime();
		long rows = copy.copyIn("COPY movies (external_id, title, year, rating, genres, language, like_count, "
				+ "download_count, description_intro) FROM STDIN", textRows());
		double moviesSeconds = seconds(started);
		try (Statement statement = db.createStatement();
				ResultSet range = statement.executeQuery("SELECT min(id), max(id), count(*) FROM movies")) {
			range.next();
			this.firstId = range.getLong(1);
			if (range.getLong(2) - this.firstId + 1 != this.count || range.getLong(3) != this.count) {
				throw new IllegalStateException("Expected a fresh database: movie ids are not 1..count");
			}
		}
		long t = System.nanoTime();
		long vectorRows = copy.copyIn(
				"COPY movie_embeddings (movie_id, embedding, model, text_hash) FROM STDIN (FORMAT binary)", binaryRows());
		double vectorSeconds = seconds(t);
		t = System.nanoTime();
		try (Statement statement = db.createStatement()) {
			statement.execute("VACUUM ANALYZE movies");
			statement.execute("VACUUM ANALYZE movie_embeddings");
		}
		double analyzeSeconds = seconds(t);
		System.out.printf(Locale.ROOT,
				"import: %,d movies (COPY text) in %.1f s, %,d vectors (COPY binary) in %.1f s, vacuum+analyze %.1f s;"
						+ " total %.1f s = %,.0f movies/s%n",
				rows, moviesSeconds, vectorRows, vectorSeconds, analyzeSeconds, seconds(started),
				this.count / seconds(started));
		System.out.printf(Locale.ROOT, "tables: movies %s, movie_embeddings %s%n", size(db, "pg_table_size('movies')"),
				size(db, "pg_table_size('movie_embeddings')"));
	}

	/**
	 * 40 topics of 25 sub-topics each: a vector is its topic's centre, its sub-topic's offset and its
	 * own noise, normalised (real embeddings cluster like this, far from uniform on the sphere).
	 */
	void generateVectors() {
		Random seeds = new Random(20261129);
		float[][] supers = new float[SUPER_CLUSTERS][];
		for (int i = 0; i < SUPER_CLUSTERS; i++) {
			supers[i] = gaussian(seeds, 1.0);
		}
		float[][] subs = new float[SUPER_CLUSTERS * SUB_CLUSTERS][];
		for (int i = 0; i < subs.length; i++) {
			subs[i] = gaussian(seeds, 0.7);
		}
		boolean latent = "latent".equals(VECTORS);
		// per topic, LATENT directions scaled so that the latent part has the isotropic case's norm
		float[][][] directions = new float[latent ? SUPER_CLUSTERS : 0][LATENT][];
		for (float[][] topic : directions) {
			for (int k = 0; k < LATENT; k++) {
				topic[k] = gaussian(seeds, 0.8 / Math.sqrt(LATENT));
			}
		}
		IntStream.range(0, this.count).parallel().forEach((row) -> {
			Random random = new Random(row * 0x9E3779B97F4A7C15L);
			int sub = cluster(row);
			float[] top = supers[sub / SUB_CLUSTERS];
			float[] mid = subs[sub];
			int offset = row * DIM;
			if (latent) {
				float[][] topic = directions[sub / SUB_CLUSTERS];
				for (int d = 0; d < DIM; d++) {
					this.vectors[offset + d] = (float) (top[d] + mid[d] + random.nextGaussian() * 0.2);
				}
				for (int k = 0; k < LATENT; k++) {
					float z = (float) random.nextGaussian();
					float[] direction = topic[k];
					for (int d = 0; d < DIM; d++) {
						this.vectors[offset + d] += z * direction[d];
					}
				}
			}
			else {
				for (int d = 0; d < DIM; d++) {
					this.vectors[offset + d] = (float) (top[d] + mid[d] + random.nextGaussian() * 0.8);
				}
			}
			double norm = 0;
			for (int d = 0; d < DIM; d++) {
				norm += this.vectors[offset + d] * this.vectors[offset + d];
			}
			float scale = (float) (1 / Math.sqrt(norm));
			for (int d = 0; d < DIM; d++) {
				this.vectors[offset + d] *= scale;
			}
			this.rare[row] = random.nextInt(100) == 0;
		});
	}

	static int cluster(int row) {
		// a skewed topic mix: low-numbered sub-topics are far more common
		long h = (row * 0x9E3779B97F4A7C15L) >>> 11;
		double u = (h % 1_000_003) / 1_000_003.0;
		return (int) (Math.pow(u, 1.8) * SUPER_CLUSTERS * SUB_CLUSTERS);
	}

	static float[] gaussian(Random random, double length) {
		float[] v = new float[DIM];
		for (int d = 0; d < DIM; d++) {
			v[d] = (float) (random.nextGaussian() * length);
		}
		return v;
	}

	InputStream textRows() throws IOException {
		return produce((out) -> {
			StringBuilder line = new StringBuilder(256);
			for (int row = 0; row < this.count; row++) {
				Random random = new Random(~row * 0x2545F4914F6CDD1DL);
				int sub = cluster(row);
				String primary = GENRES[(sub / SUB_CLUSTERS) % GENRES.length];
				String secondary = GENRES[(sub * 7 + 3) % GENRES.length];
				List<String> genres = new ArrayList<>(List.of(primary));
				if (!secondary.equals(primary) && random.nextInt(3) > 0) {
					genres.add(secondary);
				}
				if (this.rare[row]) {
					genres.add(RARE_GENRE);
				}
				int year = Math.max(1920, 2025 - (int) (-Math.log(1 - random.nextDouble()) * 22));
				double rating = Math.max(1, Math.min(9.8, 6.3 + random.nextGaussian() * 1.2));
				int likes = (int) Math.min(2_000_000, Math.pow(1 - random.nextDouble(), -1.6) * 3 - 3);
				line.setLength(0);
				line.append(10_000_000 + row).append('\t').append(title(random, row)).append('\t').append(year)
					.append('\t').append(String.format(Locale.ROOT, "%.1f", rating)).append('\t')
					.append('{').append(String.join(",", genres.stream().map((g) -> '"' + g + '"').toList())).append('}')
					.append('\t').append(LANGUAGES[random.nextInt(LANGUAGES.length)]).append('\t').append(likes)
					.append('\t').append(likes * 3 + random.nextInt(100)).append('\t')
					.append("A ").append(primary.toLowerCase(Locale.ROOT)).append(" about ")
					.append(NOUNS[random.nextInt(NOUNS.length)].toLowerCase(Locale.ROOT)).append(" and ")
					.append(NOUNS[random.nextInt(NOUNS.length)].toLowerCase(Locale.ROOT)).append(".\n");
				out.write(line.toString().getBytes(StandardCharsets.UTF_8));
			}
		});
	}

	static String title(Random random, int row) {
		String adjective = ADJECTIVES[random.nextInt(ADJECTIVES.length)];
		String noun = NOUNS[random.nextInt(NOUNS.length)];
		String title = switch (random.nextInt(6)) {
			case 0 -> "The " + adjective + " " + noun;
			case 1 -> noun + " of " + PLACES[random.nextInt(PLACES.length)];
			case 2 -> NAMES[random.nextInt(NAMES.length)] + "'s " + noun;
			case 3 -> adjective + " " + noun + " " + (2 + random.nextInt(4));
			case 4 -> "Return to " + PLACES[random.nextInt(PLACES.length)];
			default -> "A " + noun + " in " + PLACES[random.nextInt(PLACES.length)];
		};
		return title; // titles repeat across a million movies, as real ones do
	}

	/** PostgreSQL's binary COPY: vectors as pgvector's send format (int16 dim, int16 0, float4s). */
	InputStream binaryRows() throws IOException {
		byte[] model = "bench-768".getBytes(StandardCharsets.UTF_8);
		return produce((raw) -> {
			DataOutputStream out = new DataOutputStream(raw);
			out.write("PGCOPY\n\377\r\n\0".getBytes(StandardCharsets.ISO_8859_1));
			out.writeInt(0);
			out.writeInt(0);
			for (int row = 0; row < this.count; row++) {
				out.writeShort(4);
				out.writeInt(8);
				out.writeLong(this.firstId + row);
				out.writeInt(4 + 4 * DIM);
				out.writeShort(DIM);
				out.writeShort(0);
				int offset = row * DIM;
				for (int d = 0; d < DIM; d++) {
					out.writeFloat(this.vectors[offset + d]);
				}
				out.writeInt(model.length);
				out.write(model);
				out.writeInt(1);
				out.writeByte(0);
			}
			out.writeShort(-1);
			out.flush();
		});
	}

	interface Producer {

		void write(OutputStream out) throws IOException;

	}

	/** A stream filled by a thread of its own, so generating and COPYing overlap. */
	static InputStream produce(Producer producer) throws IOException {
		PipedInputStream in = new PipedInputStream(1 << 20);
		PipedOutputStream pipe = new PipedOutputStream(in);
		Thread.ofPlatform().start(() -> {
			try (OutputStream out = new BufferedOutputStream(pipe, 1 << 20)) {
				producer.write(out);
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		});
		return in;
	}

	// ---------------------------------------------------------------- index, recall, latency

	void buildIndex(Connection db, String opclass) throws SQLException {
		try (Statement statement = db.createStatement()) {
			// the graph of a million 768-dimension vectors fits in this; the service sets
			// the same per build (MOVIES_RECOMMENDATIONS_INDEX_BUILD_MEMORY)
			statement.execute("SET maintenance_work_mem = '" + System.getProperty("buildMemory", "6GB") + "'");
			statement.execute("SET max_parallel_maintenance_workers = "
					+ Integer.getInteger("buildWorkers", 1));
			long started = System.nanoTime();
			statement.execute("CREATE INDEX movie_embeddings_embedding_hnsw ON movie_embeddings USING hnsw (embedding "
					+ opclass + ") WITH (m = 16, ef_construction = 64)");
			System.out.printf(Locale.ROOT, "index build: %.1f s (%.1f min); index size %s = %.0f bytes per movie%n",
					seconds(started), seconds(started) / 60,
					size(db, "pg_relation_size('movie_embeddings_embedding_hnsw')"),
					(double) longValue(db, "pg_relation_size('movie_embeddings_embedding_hnsw')") / this.count);
			statement.execute("RESET maintenance_work_mem");
			statement.execute("VACUUM ANALYZE movie_embeddings");
		}
	}

	void measure(Connection db, int[] queries, List<List<Long>> exact, List<List<Long>> exactRare) throws Exception {
		// warm the index into the page cache the way a running service would have it
		try (Statement statement = db.createStatement()) {
			statement.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm");
			statement.execute("SELECT pg_prewarm('movie_embeddings_embedding_hnsw')");
		}
		catch (SQLException ex) {
			System.out.println("(pg_prewarm not available: the first queries read the index from disk)");
		}
		for (int efSearch : EF_SEARCH) {
			long started = System.nanoTime();
			double[] unfiltered = recall(db, queries, exact, false, efSearch);
			double unfilteredMs = seconds(started) * 1000 / queries.length;
			started = System.nanoTime();
			double[] filtered = recall(db, queries, exactRare, true, efSearch);
			double filteredMs = seconds(started) * 1000 / queries.length;
			System.out.printf(Locale.ROOT,
					"recall@10 at ef_search %3d%s: unfiltered %.4f [ties %.4f] (%.1f ms/query in SQL), "
							+ "filtered to %s (~1%% of movies) %.4f [ties %.4f] (%.1f ms/query)  [%d queries each]%n",
					efSearch, efSearch == 100 ? " (default)" : "", unfiltered[0], unfiltered[1], unfilteredMs,
					RARE_GENRE, filtered[0], filtered[1], filteredMs, queries.length);
		}
		latency(1, 600);
		latency(16, 2400);
	}

	int[] queries(int n) {
		Random random = new Random(7);
		int[] rows = new int[n];
		for (int i = 0; i < n; i++) {
			rows[i] = random.nextInt(this.count);
		}
		return rows;
	}

	/** The exact 10 nearest by inner product (the service's order), the query movie excluded. */
	List<List<Long>> exact(int[] queries, boolean rareOnly) {
		long started = System.nanoTime();
		List<List<Long>> answers = Arrays.stream(queries).parallel().mapToObj((q) -> {
			long[] ids = new long[10];
			double[] scores = new double[10];
			Arrays.fill(scores, Double.NEGATIVE_INFINITY);
			for (int row = 0; row < this.count; row++) {
				if (row == q || (rareOnly && !this.rare[row])) {
					continue;
				}
				double dot = dot(q, row);
				if (dot > scores[9]) {
					int i = 9;
					while (i > 0 && scores[i - 1] < dot) {
						scores[i] = scores[i - 1];
						ids[i] = ids[i - 1];
						i--;
					}
					scores[i] = dot;
					ids[i] = this.firstId + row;
				}
			}
			return Arrays.stream(ids).boxed().toList();
		}).toList();
		System.out.printf(Locale.ROOT, "exact top 10 of %d queries%s computed in %.1f s%n", queries.length,
				rareOnly ? " (filtered)" : "", seconds(started));
		return answers;
	}

	/**
	 * The nearest-neighbour query and settings of RecommendationRepository, with its defaults.
	 * Returns two recalls: of the exact ids, and counting ties as ann-benchmarks does (a movie
	 * found counts when it is at most 1e-3 farther than the exact 10th, by the full-precision
	 * vectors): near-ties are common among a million movies, and a different one of two equally
	 * near movies is no loss to a viewer.
	 */
	double[] recall(Connection db, int[] queries, List<List<Long>> exact, boolean filtered, int efSearch)
			throws SQLException {
		db.setAutoCommit(false);
		try (Statement settings = db.createStatement()) {
			settings.execute("SET LOCAL hnsw.ef_search = " + efSearch);
			settings.execute("SET LOCAL hnsw.iterative_scan = relaxed_order");
			settings.execute("SET LOCAL hnsw.max_scan_tuples = 20000");
			String sql = """
					SELECT e.movie_id
					FROM movie_embeddings e JOIN movies m ON m.id = e.movie_id
					WHERE e.movie_id <> ?%s
					ORDER BY e.embedding <#> (SELECT embedding FROM movie_embeddings WHERE movie_id = ?)
					LIMIT 10
					""".formatted(filtered ? " AND m.genre_keys && '{film-noir}'::text[]" : "");
			int found = 0;
			int foundWithTies = 0;
			try (PreparedStatement nearest = db.prepareStatement(sql)) {
				for (int i = 0; i < queries.length; i++) {
					long id = this.firstId + queries[i];
					nearest.setLong(1, id);
					nearest.setLong(2, id);
					Set<Long> got = new HashSet<>();
					try (ResultSet rs = nearest.executeQuery()) {
						while (rs.next()) {
							got.add(rs.getLong(1));
						}
					}
					for (Long want : exact.get(i)) {
						if (got.contains(want)) {
							found++;
						}
					}
					double tenth = dot(queries[i], (int) (exact.get(i).get(9) - this.firstId));
					for (Long movie : got) {
						if (dot(queries[i], (int) (movie - this.firstId)) >= tenth - 1e-3) {
							foundWithTies++;
						}
					}
				}
			}
			double answers = 10.0 * queries.length;
			return new double[] { found / answers, foundWithTies / answers };
		}
		finally {
			db.rollback();
			db.setAutoCommit(true);
		}
	}

	double dot(int row, int other) {
		double dot = 0;
		for (int d = 0; d < DIM; d++) {
			dot += this.vectors[row * DIM + d] * this.vectors[other * DIM + d];
		}
		return dot;
	}

	/** GET /api/recommendations/movie/{id}?limit=10 for random movies, {@code clients} at a time. */
	void latency(int clients, int requests) throws Exception {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		for (int i = 0; i < 50; i++) {
			call(http);
		}
		long[] nanos = new long[requests];
		AtomicInteger next = new AtomicInteger();
		AtomicInteger failed = new AtomicInteger();
		long started = System.nanoTime();
		try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
			List<Future<?>> workers = new ArrayList<>();
			for (int c = 0; c < clients; c++) {
				workers.add(pool.submit(() -> {
					for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
						long t = System.nanoTime();
						if (!call(http)) {
							failed.incrementAndGet();
						}
						nanos[i] = System.nanoTime() - t;
					}
					return null;
				}));
			}
			for (Future<?> worker : workers) {
				worker.get();
			}
		}
		double wall = seconds(started);
		Arrays.sort(nanos);
		System.out.printf(Locale.ROOT,
				"GET /api/recommendations/movie/{id}?limit=10, %2d connection(s): p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, "
						+ "%.0f requests/s, %d failed of %d%n",
				clients, nanos[requests / 2] / 1e6, nanos[requests * 95 / 100] / 1e6, nanos[requests * 99 / 100] / 1e6,
				requests / wall, failed.get(), requests);
	}

	boolean call(HttpClient http) {
		long id = this.firstId + ThreadLocalRandom.current().nextInt(this.count);
		try {
			HttpResponse<String> response = http.send(
					HttpRequest.newBuilder(URI.create(this.baseUrl + "/api/recommendations/movie/" + id + "?limit=10"))
						.timeout(Duration.ofSeconds(30))
						.build(),
					HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200 && this.firstFailure.compareAndSet(null, "")) {
				System.out.println("first failed request: " + response.statusCode() + " " + response.body());
			}
			return response.statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	// ---------------------------------------------------------------- helpers

	static double seconds(long startedNanos) {
		return (System.nanoTime() - startedNanos) / 1e9;
	}

	static String size(Connection db, String expression) throws SQLException {
		try (Statement statement = db.createStatement();
				ResultSet rs = statement.executeQuery("SELECT pg_size_pretty(" + expression + "::bigint)")) {
			rs.next();
			return rs.getString(1);
		}
	}

	static String stringValue(Connection db, String expression) throws SQLException {
		try (Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery("SELECT " + expression)) {
			rs.next();
			return rs.getString(1);
		}
	}

	static long longValue(Connection db, String expression) throws SQLException {
		try (Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery("SELECT " + expression)) {
			rs.next();
			return rs.getLong(1);
		}
	}

}
