package dev.movies.embedding;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.movies.MovieRecommenderApplication;
import dev.movies.TestDatabaseConfiguration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Text-query latency over HTTP while a backfill keeps the one Ollama server busy, next to
 * the same with the server idle: an Ollama-protocol server answering each call in 50 ms,
 * one at a time as Ollama does. Prints figures, asserts nothing about time. Run with
 * <pre>
 * MOVIES_TEST_DATABASE_URL=jdbc:postgresql://127.0.0.1:5432/movies_b \
 *   ./mvnw -Pbenchmark test -Dtest=QueryLatencyBenchmark
 * </pre> It needs no data set (synthetic movies) but a database of its own (it resets the
 * catalogue).
 */
@Tag("benchmark")
class QueryLatencyBenchmark {

	static final int MOVIES = Integer.getInteger("movies.benchmark.films", 20_000);

	static final int QUERIES = Integer.getInteger("movies.benchmark.queries", 150);

	static final String[] TEXTS = { "a thief who steals secrets in dreams", "space opera with a lonely robot",
			"a heist in Los Angeles", "coming of age in a small town", "a detective in a rainy city" };

	int failures;

	final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Test
	void textQueryP95WhileABackfillRuns() throws Exception {
		try (FakeOllamaServer ollama = new FakeOllamaServer()) {
			ollama.dimension = 384;
			ollama.timePerRequest = Duration.ofMillis(50);
			try (ConfigurableApplicationContext service = new SpringApplicationBuilder(
					MovieRecommenderApplication.class, TestDatabaseConfiguration.class)
				.profiles("test")
				.run("--server.port=0", "--spring.main.banner-mode=off", "--movies.embedding.provider=ollama",
						"--movies.embedding.ollama.hosts=" + ollama.url(), "--movies.embedding.dimension=384",
						"--movies.embedding.job.batch-size=32", "--movies.embedding.job.max-workers=4")) {
				String base = "http://127.0.0.1:" + ((WebServerApplicationContext) service).getWebServer().getPort();
				seed(service.getBean(JdbcClient.class));
				EmbeddingJobService jobs = service.getBean(EmbeddingJobService.class);
				warmUp(base);

				List<Double> idle = measure(base, QUERIES);
				EmbeddingJobStatus started = jobs.start(true);
				List<Double> busy = new ArrayList<>();
				while (busy.size() < QUERIES && "running".equals(jobs.status().state())) {
					busy.addAll(measure(base, 1));
				}
				EmbeddingJobStatus during = jobs.status();
				jobs.cancel();

				assertThat(started.state()).isEqualTo("running");
				print("text queries over HTTP, Ollama-protocol server at 50 ms per call (one at a time), %d movies",
						MOVIES);
				print("  no backfill:        %s", figures(idle));
				print("  backfill running:   %s (backfill at %d/%d movies when the last query ran, %d workers)",
						figures(busy), during.processed(), during.total(), 4);
				print("  p95 ratio: %.2fx; answers other than 200: %d", percentile(busy, 95) / percentile(idle, 95),
						this.failures);
			}
		}
	}

	/**
	 * The first calls start connection pools on both sides; a timeout among them is not
	 * measured.
	 */
	private void warmUp(String base) throws Exception {
		for (int i = 0; i < 20; i++) {
			this.http.send(HttpRequest.newBuilder(URI.create(base + "/api/recommendations/text?text=warm+up")).build(),
					HttpResponse.BodyHandlers.ofString());
		}
	}

	private List<Double> measure(String base, int count) throws Exception {
		List<Double> millis = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			String text = URLEncoder.encode(TEXTS[i % TEXTS.length] + " " + i, StandardCharsets.UTF_8);
			long start = System.nanoTime();
			HttpResponse<String> response = this.http
				.send(HttpRequest.newBuilder(URI.create(base + "/api/recommendations/text?limit=10&text=" + text))
					.build(), HttpResponse.BodyHandlers.ofString());
			millis.add((System.nanoTime() - start) / 1e6);
			if (response.statusCode() != 200) {
				this.failures++;
				print("  answer %d: %s", response.statusCode(), response.body());
			}
		}
		return millis;
	}

	/** Synthetic movies with random unit vectors, in two statements. */
	private static void seed(JdbcClient jdbc) {
		jdbc.sql("TRUNCATE movies, embedding_jobs RESTART IDENTITY CASCADE").update();
		jdbc.sql("""
				INSERT INTO movies (external_id, title, year, description_full)
				SELECT i, 'Movie ' || i, 2000, 'Plot number ' || i FROM generate_series(1, :count) i
				""").param("count", MOVIES).update();
		jdbc.sql("""
				INSERT INTO movie_embeddings (movie_id, embedding, model, text_hash)
				SELECT m.id, l2_normalize(ARRAY(SELECT random() - 0.5 + 0 * m.id FROM generate_series(1, 384))::vector),
				       'seed', '\\x00'
				FROM movies m
				""").update();
	}

	private static String figures(List<Double> millis) {
		return "%d queries, p50 %.1f ms, p95 %.1f ms, max %.1f ms".formatted(millis.size(), percentile(millis, 50),
				percentile(millis, 95), Collections.max(millis));
	}

	private static double percentile(List<Double> values, int percentile) {
		List<Double> sorted = new ArrayList<>(values);
		Collections.sort(sorted);
		return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1));
	}

	private static void print(String format, Object... arguments) {
		System.out.println("[benchmark] " + format.formatted(arguments));
	}

}
