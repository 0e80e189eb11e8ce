package dev.movies.embedding;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.movies.IntegrationTest;
import dev.movies.MovieRecommenderApplication;
import dev.movies.TestData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service's process is killed with SIGKILL in the middle of a backfill (no shutdown
 * hook, no page finished, leases left behind) and started again: the job goes on where
 * the dead process left it once its leases run out, and ends with exactly one current
 * vector per movie, none lost. The service runs as a separate JVM configured by
 * environment variables only, as in production.
 */
@IntegrationTest
class ServiceProcessKillTests {

	static final int MOVIES = 200;

	@Autowired
	TestData data;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	EmbeddingJobRepository repository;

	@Autowired
	DataSource dataSource;

	FakeOllamaServer ollama;

	Process service;

	@BeforeEach
	void setUp() throws IOException {
		this.data.reset();
		for (int i = 1; i <= MOVIES; i++) {
			this.data.insertMovie(i, "Movie " + i, 1950 + i % 70, 5 + i % 5, List.of("Drama"), "Plot number " + i);
		}
		this.ollama = new FakeOllamaServer();
		this.ollama.dimension = FakeEmbeddingModel.DIMENSION;
		// About 3 s of embedding in all: long enough to kill the service in the middle.
		this.ollama.timePerRequest = Duration.ofMillis(60);
	}

	@AfterEach
	void tearDown() throws InterruptedException {
		if (this.service != null && this.service.isAlive()) {
			this.service.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
		this.ollama.close();
	}

	@Test
	void backfillKilledWithSigkillIsFinishedByTheRestartedServiceWithOneCurrentVectorPerMovie() throws Exception {
		this.service = startService("first");
		EmbeddingJobStatus beforeKill = await("first", (status) -> status.succeeded() >= 40);
		assertThat(beforeKill.succeeded()).isLessThan(MOVIES);

		this.service.destroyForcibly();
		assertThat(this.service.waitFor(10, TimeUnit.SECONDS)).isTrue();
		assertThat(this.service.exitValue()).as("exit status of a process killed by SIGKILL (128 + 9)").isEqualTo(137);

		EmbeddingJobStatus afterKill = status();
		assertThat(afterKill.state()).as("nobody ended the job").isEqualTo("running");
		assertThat(afterKill.succeeded()).isLessThan(MOVIES);
		// Pages commit whole: what is stored is exactly what the job counted, in whole
		// pages.
		assertThat(storedVectors()).isEqualTo(afterKill.succeeded());
		assertThat(afterKill.succeeded() % 5).isZero();

		this.service = startService("second");
		EmbeddingJobStatus finished = await("second", (status) -> !status.running());

		assertThat(finished.state()).isEqualTo("completed");
		assertThat(finished.succeeded()).as("each movie counted once").isEqualTo(MOVIES);
		assertThat(finished.failed()).isZero();
		assertThat(this.jdbc.sql("SELECT count(*) FROM embedding_work").query(Long.class).single()).isZero();
		StoredEmbeddings.assertOneCurrentPerMovie(this.jdbc, this.repository, FakeOllamaServer.MODEL);
	}

	/**
	 * The service in its own JVM: the test's class path, the test database, a slow
	 * Ollama.
	 */
	private Process startService(String name) throws IOException {
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
		env.put("EMBEDDING_DIMENSION", String.valueOf(FakeEmbeddingModel.DIMENSION));
		env.put("OLLAMA_HOST", this.ollama.url());
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

	private EmbeddingJobStatus await(String name, Predicate<EmbeddingJobStatus> condition) throws IOException {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (true) {
			EmbeddingJobStatus status = status();
			if (status.jobId() != null && condition.test(status)) {
				return status;
			}
			if (!this.service.isAlive() || System.nanoTime() > deadline) {
				throw new AssertionError("The %s service %s; last status %s; its log ends with:%n%s".formatted(name,
						this.service.isAlive() ? "did not get there in time" : "exited", status,
						tail(Path.of("target", "process-kill-" + name + ".log"))));
			}
			Backfills.pause(Duration.ofMillis(20));
		}
	}

	private EmbeddingJobStatus status() {
		return this.repository.latest().map(EmbeddingJobStatus::of).orElse(EmbeddingJobStatus.idle("none"));
	}

	private long storedVectors() {
		return this.jdbc.sql("SELECT count(*) FROM movie_embeddings").query(Long.class).single();
	}

	private static String tail(Path log) throws IOException {
		List<String> lines = Files.readAllLines(log);
		return String.join(System.lineSeparator(), lines.subList(Math.max(0, lines.size() - 40), lines.size()));
	}

}
