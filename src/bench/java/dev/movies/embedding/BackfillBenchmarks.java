package dev.movies.embedding;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.movies.movie.MovieRows;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Backfill throughput on this machine. Prints figures, asserts nothing about time. Run
 * one with <pre>
 * MOVIES_TEST_DATABASE_URL=jdbc:postgresql://127.0.0.1:5432/movies_b \
 *   ./mvnw -Pbenchmark test -Dtest='BackfillBenchmarks#pipelineWithAnInstantModel' \
 *   -Dmovies.benchmark.dataset=/path/to/wikipedia-movie-data
 * </pre> (a clone of https://github.com/prust/wikipedia-movie-data). Each benchmark sets
 * the embedding column to its model's dimension (the reset path), so it wants a database
 * of its own.
 */
@Tag("benchmark")
class BackfillBenchmarks {

	/**
	 * Read, build text, hash, "embed" instantly, write vectors, commit: the pipeline's
	 * own cost.
	 */
	@Test
	void pipelineWithAnInstantModel() {
		InstantModel model = new InstantModel(768);
		try (ConfigurableApplicationContext service = ServiceInstances.start(model,
				"--movies.embedding.provider=ollama", dimension(768)[0], dimension(768)[1], dimension(768)[2])) {
			int films = WikipediaFilms.load(service.getBean(JdbcClient.class), Integer.MAX_VALUE);
			EmbeddingProperties.Job settings = service.getBean(EmbeddingProperties.class).job();

			EmbeddingJobStatus first = runBackfill(service);
			EmbeddingJobStatus again = runBackfill(service);

			assertThat(first.succeeded()).isEqualTo(films);
			assertThat(again.skipped()).isEqualTo(films);
			print("pipeline, instant model, %d films, 768 dimensions, EMBEDDING_BATCH_SIZE=%d, MAX_WORKERS=%d", films,
					settings.batchSize(), settings.maxWorkers());
			print("  first backfill (every film embedded): %s", figures(first));
			print("  second backfill (nothing stale):      %s", figures(again));
		}
	}

	/**
	 * The in-process model alone, then the backfill on the same texts, in the same run.
	 */
	@Test
	void backfillWithTheInProcessModel() throws Exception {
		int limit = Integer.getInteger("movies.benchmark.films", 2000);
		// the shipped default unless -Dmovies.benchmark.onnx-model=all-minilm-l6-v2-q
		String onnxModel = System.getProperty("movies.benchmark.onnx-model", "e5-small-v2-q");
		try (ConfigurableApplicationContext service = ServiceInstances.start(null, "--movies.embedding.provider=onnx",
				"--movies.embedding.onnx-model=" + onnxModel, dimension(384)[0], dimension(384)[1],
				dimension(384)[2])) {
			JdbcClient jdbc = service.getBean(JdbcClient.class);
			int films = WikipediaFilms.load(jdbc, limit);
			EmbeddingModel model = service.getBean(EmbeddingModel.class);
			EmbeddingProperties.Job settings = service.getBean(EmbeddingProperties.class).job();
			List<String> texts = jdbc.sql("SELECT " + MovieRows.COLUMNS + " FROM movies m ORDER BY m.id")
				.query(service.getBean(MovieRows.class).mapper())
				.stream()
				.map(DocumentText::of)
				.toList();
			model.embedDocuments(texts.subList(0, 64)); // load the model, warm up

			// The model alone before and after the backfill: their mean cancels drift of
			// a shared machine.
			double before = modelAlone(model, texts, settings.batchSize(), settings.maxWorkers());
			EmbeddingJobStatus backfill = runBackfill(service);
			double after = modelAlone(model, texts, settings.batchSize(), settings.maxWorkers());

			assertThat(backfill.succeeded()).isEqualTo(films);
			double backfillRate = backfill.succeeded() / elapsedSeconds(backfill);
			print("in-process model (%s), %d films, EMBEDDING_BATCH_SIZE=%d, MAX_WORKERS=%d", model.name(), films,
					settings.batchSize(), settings.maxWorkers());
			print("  model alone, same texts, same batches and workers: %.1f texts/s before, %.1f after", before,
					after);
			print("  backfill:                                          %s", figures(backfill));
			print("  backfill / model = %.1f%%", 100 * backfillRate / ((before + after) / 2));
		}
	}

	/**
	 * Ollama-protocol servers that take a fixed time per request and serve one request at
	 * a time.
	 */
	@Test
	void ollamaThroughputGrowsWithBatchSizeAndServers() throws IOException {
		Duration perRequest = Duration.ofMillis(Integer.getInteger("movies.benchmark.request-millis", 50));
		int requestsPerServer = 40;
		print("Ollama-protocol servers taking %d ms per request, one request at a time, MAX_WORKERS=4",
				perRequest.toMillis());
		print("  %-8s %-10s %-8s %-10s %s", "servers", "batch", "films", "seconds", "films/s");
		double[][] rates = new double[3][];
		for (int servers = 1; servers <= 2; servers++) {
			rates[servers] = new double[3];
			int[] batches = { 1, 8, 32 };
			for (int b = 0; b < batches.length; b++) {
				List<FakeOllamaServer> ollamas = new ArrayList<>();
				try {
					for (int i = 0; i < servers; i++) {
						FakeOllamaServer ollama = new FakeOllamaServer();
						ollama.timePerRequest = perRequest;
						ollamas.add(ollama);
					}
					String hosts = String.join(",", ollamas.stream().map(FakeOllamaServer::url).toList());
					try (ConfigurableApplicationContext service = ServiceInstances.start(null,
							"--movies.embedding.provider=ollama", "--movies.embedding.ollama.hosts=" + hosts,
							"--movies.embedding.job.batch-size=" + batches[b], "--movies.embedding.job.max-workers=4",
							dimension(768)[0], dimension(768)[1], dimension(768)[2])) {
						int films = WikipediaFilms.load(service.getBean(JdbcClient.class),
								requestsPerServer * servers * batches[b]);
						// Connect and warm up the HTTP client first: the figures are
						// about throughput.
						service.getBean(EmbeddingModel.class).embedQuery("warm-up");
						EmbeddingJobStatus status = runBackfill(service);
						assertThat(status.succeeded()).isEqualTo(films);
						double seconds = elapsedSeconds(status);
						rates[servers][b] = films / seconds;
						print("  %-8d %-10d %-8d %-10.2f %.1f", servers, batches[b], films, seconds, films / seconds);
					}
				}
				finally {
					ollamas.forEach(FakeOllamaServer::close);
				}
			}
		}
		print("  two servers / one server: batch 1 %.2fx, batch 8 %.2fx, batch 32 %.2fx", rates[2][0] / rates[1][0],
				rates[2][1] / rates[1][1], rates[2][2] / rates[1][2]);
	}

	private static double modelAlone(EmbeddingModel model, List<String> texts, int batchSize, int workers)
			throws Exception {
		List<List<String>> batches = new ArrayList<>();
		for (int i = 0; i < texts.size(); i += batchSize) {
			batches.add(texts.subList(i, Math.min(texts.size(), i + batchSize)));
		}
		long start = System.nanoTime();
		try (ExecutorService pool = Executors.newFixedThreadPool(workers)) {
			List<Future<List<float[]>>> results = batches.stream()
				.map((batch) -> pool.submit(() -> model.embedDocuments(batch)))
				.toList();
			for (Future<List<float[]>> result : results) {
				result.get();
			}
		}
		return texts.size() / ((System.nanoTime() - start) / 1e9);
	}

	private static EmbeddingJobStatus runBackfill(ConfigurableApplicationContext service) {
		EmbeddingJobStatus status = Backfills.run(service.getBean(EmbeddingJobService.class), false);
		assertThat(status.state()).isEqualTo("completed");
		return status;
	}

	private static String[] dimension(int dimension) {
		return new String[] { "--movies.embedding.dimension=" + dimension,
				"--movies.embedding.reset-on-dimension-change=true",
				"--spring.flyway.placeholders.embedding_dimension=" + dimension };
	}

	private static double elapsedSeconds(EmbeddingJobStatus status) {
		return Duration.between(status.startedAt(), status.finishedAt()).toNanos() / 1e9;
	}

	private static String figures(EmbeddingJobStatus status) {
		double seconds = elapsedSeconds(status);
		return String.format(Locale.ROOT, "%d processed (%d embedded, %d skipped) in %.2f s = %.0f films/s",
				status.processed(), status.succeeded(), status.skipped(), seconds, status.processed() / seconds);
	}

	private static void print(String format, Object... args) {
		System.out.println("[benchmark] " + String.format(Locale.ROOT, format, args));
	}

	/** Answers at once with a cheap unit vector derived from the text. */
	static final class InstantModel implements EmbeddingModel {

		private final int dimension;

		InstantModel(int dimension) {
			this.dimension = dimension;
		}

		@Override
		public List<float[]> embedDocuments(List<String> texts) {
			return texts.stream().map(this::vector).toList();
		}

		@Override
		public float[] embedQuery(String text) {
			return vector(text);
		}

		@Override
		public String name() {
			return "instant";
		}

		@Override
		public int dimension() {
			return this.dimension;
		}

		private float[] vector(String text) {
			float[] vector = new float[this.dimension];
			int seed = text.hashCode();
			for (int i = 0; i < vector.length; i++) {
				seed = seed * 1103515245 + 12345;
				vector[i] = (seed >> 8) / (float) (1 << 23);
			}
			return Vectors.normalize(vector);
		}

	}

}
