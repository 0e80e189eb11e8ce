package dev.movies;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.movies.embedding.EmbeddingJobService;
import dev.movies.embedding.EmbeddingJobStatus;
import dev.movies.embedding.FakeOllamaServer;
import dev.movies.embedding.StoredEmbeddings;
import dev.movies.support.TcpProxy;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service started as in production, in a context of its own or a JVM of its own, and
 * then stopped, cut off from PostgreSQL or killed:
 * <ul>
 * <li>{@code server.shutdown: graceful}: a request in flight when the service is told to
 * stop still gets its answer (EmbeddingJobRunnerTests shows the backfill stopping at a
 * page boundary);</li>
 * <li>a PostgreSQL that accepts connections and never answers (a stalled network) fails
 * the start (the login timeout) instead of leaving it waiting for ever;</li>
 * <li>PostgreSQL goes away while the service serves and comes back on the same address:
 * requests fail cleanly with 503 problem+json meanwhile and succeed again afterwards,
 * without a restart;</li>
 * <li>the service's process is killed with SIGKILL in the middle of a backfill (no
 * shutdown hook, no page finished, leases left behind) and started again: the job goes on
 * where the dead process left it once its leases run out, and ends with exactly one
 * current vector per movie, none lost. That service runs as a separate JVM configured by
 * environment variables only.</li>
 * </ul>
 * The test's own context only supplies the test database.
 */
@IntegrationTest
class MovieRecommenderApplicationTests {

	/** Movies the killed service's backfill is embedding. */
	static final int MOVIES = 200;

	/** The dimension the killed service's Ollama answers with and its schema has. */
	static final int DIMENSION = 384;

	@Autowired
	DataSource dataSource;

	@Autowired
	TestData data;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	EmbeddingJobService jobs;

	@Autowired
	ApplicationContext context;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Test
	void requestInFlightWhenTheServiceStopsIsAnswered() throws Exception {
		CountDownLatch entered = new CountDownLatch(1);
		// A route registered by hand: an annotated test controller would be
		// component-scanned by every context.
		RouterFunction<ServerResponse> slow = RouterFunctions.route().GET("/slow", (request) -> {
			entered.countDown();
			Thread.sleep(1500);
			return ServerResponse.ok().body("finished");
		}).build();
		ConfigurableApplicationContext service = new SpringApplicationBuilder(MovieRecommenderApplication.class)
			.profiles("test")
			.initializers((context) -> ((GenericApplicationContext) context).registerBean("slowRoute",
					RouterFunction.class, () -> slow))
			.run("--server.port=0", "--spring.main.banner-mode=off");
		int port = ((WebServerApplicationContext) service).getWebServer().getPort();
		HttpClient http = HttpClient.newHttpClient();

		CompletableFuture<HttpResponse<String>> inFlight = http.sendAsync(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/slow")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
		long start = System.nanoTime();
		service.close();

		HttpResponse<String> answer = inFlight.get(10, TimeUnit.SECONDS);
		assertThat(answer.statusCode()).isEqualTo(200);
		assertThat(answer.body()).isEqualTo("finished");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).as("close waited for the request")
			.isGreaterThan(Duration.ofMillis(500));
	}

	@Test
	void aDatabaseThatAcceptsConnectionsAndNeverAnswersFailsTheStartInsteadOfHangingIt() throws Exception {
		// the configured login timeout: without it the start waited a minute here and, in
		// an outside check, for ever
		assertThat(((HikariDataSource) this.dataSource).getDataSourceProperties().getProperty("loginTimeout"))
			.isEqualTo("10");
		URI target = URI.create(((HikariDataSource) this.dataSource).getJdbcUrl().substring("jdbc:".length()));
		try (TcpProxy proxy = new TcpProxy(target.getHost(), target.getPort())) {
			proxy.stall();
			CompletableFuture<Throwable> start = CompletableFuture.supplyAsync(() -> {
				try (ConfigurableApplicationContext app = new SpringApplicationBuilder(
						MovieRecommenderApplication.class)
					.profiles("test")
					.run("--server.port=0",
							"--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + proxy.port() + target.getPath(),
							// the same timeout, shorter, so that the test waits less
							"--spring.datasource.hikari.data-source-properties.loginTimeout=2")) {
					return null;
				}
				catch (Throwable ex) {
					return ex;
				}
			});
			// a start still waiting after 45 s fails the test
			Throwable failure = start.get(45, TimeUnit.SECONDS);
			assertThat(failure).as("the start against a database that never answers").isNotNull();
		}
	}

	@Test
	void answers503WhileDatabaseIsDownAndRecoversWithoutRestart() throws Exception {
		this.data.reset();
		long id = this.data.insertMovie(7, "Alien", 1979, 8.5, List.of("Horror", "Sci-Fi"), "A crew meets a creature.");
		URI target = URI.create(((HikariDataSource) this.dataSource).getJdbcUrl().substring("jdbc:".length()));
		String database = target.getPath();
		try (TcpProxy proxy = new TcpProxy(target.getHost(), target.getPort());
				ConfigurableApplicationContext app = new SpringApplicationBuilder(MovieRecommenderApplication.class)
					.profiles("test")
					.run("--server.port=0",
							"--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + proxy.port() + database,
							"--spring.datasource.hikari.connection-timeout=1000",
							"--spring.datasource.hikari.validation-timeout=500")) {
			int port = ((WebServerApplicationContext) app).getWebServer().getPort();
			URI movie = URI.create("http://127.0.0.1:" + port + "/api/movies/" + id);

			assertThat(get(movie).statusCode()).isEqualTo(200);

			proxy.cut();
			for (int i = 0; i < 3; i++) {
				HttpResponse<String> down = get(movie);
				assertThat(down.statusCode()).isEqualTo(503);
				assertThat(down.headers().firstValue("Content-Type"))
					.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
				assertThat(down.body()).contains("\"status\":503").doesNotContain("Exception");
			}
			// The original's monitors call /health: a 503 with a detail.
			HttpResponse<String> health = get(URI.create("http://127.0.0.1:" + port + "/health"));
			assertThat(health.statusCode()).isEqualTo(503);
			assertThat(health.body()).contains("\"detail\":");

			proxy.restore();
			// The pool reconnects in the background; clients see success within seconds.
			HttpResponse<String> back = get(movie);
			long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
			while (back.statusCode() == 503 && System.nanoTime() < deadline) {
				Thread.sleep(250);
				back = get(movie);
			}
			assertThat(back.statusCode()).isEqualTo(200);
			assertThat(back.body()).contains("\"title\":\"Alien\"");
		}
	}

	@Test
	void backfillKilledWithSigkillIsFinishedByTheRestartedServiceWithOneCurrentVectorPerMovie() throws Exception {
		this.data.reset();
		for (int i = 1; i <= MOVIES; i++) {
			this.data.insertMovie(i, "Movie " + i, 1950 + i % 70, 5 + i % 5, List.of("Drama"), "Plot number " + i);
		}
		Process service = null;
		try (FakeOllamaServer ollama = new FakeOllamaServer()) {
			ollama.dimension = DIMENSION;
			// About 3 s of embedding in all: long enough to kill the service in the
			// middle.
			ollama.timePerRequest = Duration.ofMillis(60);
			service = startService("first", ollama);
			EmbeddingJobStatus beforeKill = await("first", service, (status) -> status.succeeded() >= 40);
			assertThat(beforeKill.succeeded()).isLessThan(MOVIES);

			service.destroyForcibly();
			assertThat(service.waitFor(10, TimeUnit.SECONDS)).isTrue();
			assertThat(service.exitValue()).as("exit status of a process killed by SIGKILL (128 + 9)").isEqualTo(137);

			EmbeddingJobStatus afterKill = this.jobs.status();
			assertThat(afterKill.state()).as("nobody ended the job").isEqualTo("running");
			assertThat(afterKill.succeeded()).isLessThan(MOVIES);
			// Pages commit whole: what is stored is exactly what the job counted, in
			// whole pages.
			assertThat(storedVectors()).isEqualTo(afterKill.succeeded());
			assertThat(afterKill.succeeded() % 5).isZero();

			service = startService("second", ollama);
			EmbeddingJobStatus finished = await("second", service, (status) -> !status.running());

			assertThat(finished.state()).isEqualTo("completed");
			assertThat(finished.succeeded()).as("each movie counted once").isEqualTo(MOVIES);
			assertThat(finished.failed()).isZero();
			assertThat(this.jdbc.sql("SELECT count(*) FROM embedding_work").query(Long.class).single()).isZero();
			StoredEmbeddings.assertOneCurrentPerMovie(this.context, FakeOllamaServer.MODEL);
		}
		finally {
			if (service != null && service.isAlive()) {
				service.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
	}

	/**
	 * The service in its own JVM: the test's class path, the test database, a slow
	 * Ollama.
	 */
	private Process startService(String name, FakeOllamaServer ollama) throws IOException {
		Path log = Path.of("target", "process-kill-" + name + ".log");
		ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-cp", System.getProperty("java.class.path"), "-Xmx384m", "-XX:TieredStopAtLevel=1",
				MovieRecommenderApplication.class.getName(), "--spring.main.banner-mode=off")
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		Map<String, String> env = builder.environment();
		env.put("SPRING_DATASOURCE_URL", ((HikariDataSource) this.dataSource).getJdbcUrl());
		env.put("SPRING_DATASOURCE_USERNAME", ((HikariDataSource) this.dataSource).getUsername());
		env.put("SPRING_DATASOURCE_PASSWORD", ((HikariDataSource) this.dataSource).getPassword());
		env.put("EMBEDDING_PROVIDER", "ollama");
		env.put("EMBEDDING_DIMENSION", String.valueOf(DIMENSION));
		env.put("OLLAMA_HOST", ollama.url());
		env.put("EMBEDDING_BACKFILL_ON_STARTUP", "true");
		env.put("EMBEDDING_BATCH_SIZE", "5");
		env.put("MAX_WORKERS", "2");
		env.put("EMBEDDING_LEASE", "3s");
		env.put("ADMIN_API_KEY", "test-admin-key");
		// The web server keeps the JVM alive, as in production; the backfill's threads
		// are daemons.
		env.put("SERVER_PORT", "0");
		return builder.start();
	}

	private EmbeddingJobStatus await(String name, Process service, Predicate<EmbeddingJobStatus> condition)
			throws IOException, InterruptedException {
		// the service's JVM starts within it: 45 to 55 s when the machine's load average
		// is
		// over 20, which failed this test at a 60 s deadline
		long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
		while (true) {
			EmbeddingJobStatus status = this.jobs.status();
			if (status.jobId() != null && condition.test(status)) {
				return status;
			}
			if (!service.isAlive() || System.nanoTime() > deadline) {
				throw new AssertionError("The %s service %s; last status %s; its log ends with:%n%s".formatted(name,
						service.isAlive() ? "did not get there in time" : "exited", status,
						tail(Path.of("target", "process-kill-" + name + ".log"))));
			}
			Thread.sleep(20);
		}
	}

	private long storedVectors() {
		return this.jdbc.sql("SELECT count(*) FROM movie_embeddings").query(Long.class).single();
	}

	private HttpResponse<String> get(URI uri) throws Exception {
		return this.http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static String tail(Path log) throws IOException {
		List<String> lines = Files.readAllLines(log);
		return String.join(System.lineSeparator(), lines.subList(Math.max(0, lines.size() - 40), lines.size()));
	}

}
