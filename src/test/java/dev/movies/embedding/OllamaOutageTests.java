package dev.movies.embedding;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import dev.movies.support.TcpProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ollama goes away in the middle of a backfill and comes back on the same address (an
 * Ollama-protocol server behind a cuttable proxy): the job keeps retrying, its status
 * says so while Ollama is away, and it ends completed with every movie embedded once,
 * from its current text.
 */
class OllamaOutageTests {

	static final int MOVIES = 60;

	FakeOllamaServer ollama;

	TcpProxy proxy;

	ConfigurableApplicationContext service;

	@BeforeEach
	void startService() throws Exception {
		this.ollama = new FakeOllamaServer();
		this.ollama.dimension = FakeEmbeddingModel.DIMENSION;
		this.ollama.timePerRequest = Duration.ofMillis(40);
		this.proxy = new TcpProxy("127.0.0.1", Integer.parseInt(this.ollama.url().replaceAll(".*:", "")));
		this.service = ServiceInstances.start(null, "--movies.embedding.provider=ollama",
				"--movies.embedding.ollama.hosts=http://127.0.0.1:" + this.proxy.port(),
				"--movies.embedding.ollama.timeout=5", "--movies.embedding.job.join-cluster-jobs=true",
				"--movies.embedding.job.batch-size=5", "--movies.embedding.job.max-workers=2",
				// Enough attempts to outlast the outage: 50 ms apart at most.
				"--movies.embedding.job.retry.max-attempts=200");
		ServiceInstances.seedCatalogue(this.service, MOVIES);
	}

	@AfterEach
	void stop() {
		if (this.service != null) {
			this.service.close();
		}
		if (this.proxy != null) {
			this.proxy.close();
		}
		if (this.ollama != null) {
			this.ollama.close();
		}
	}

	@Test
	void backfillRetriesWhileOllamaIsAwayAndCompletesWithEveryMovieEmbeddedOnce() {
		EmbeddingJobService jobs = this.service.getBean(EmbeddingJobService.class);
		jobs.start(false);
		await(() -> jobs.status().succeeded() >= 15);

		this.proxy.cut();
		await(() -> jobs.status().retries() >= 3);
		EmbeddingJobStatus whileDown = jobs.status();
		assertThat(whileDown.state()).isEqualTo("running");
		assertThat(whileDown.lastError())
			.startsWith("Cannot connect to Ollama at http://127.0.0.1:" + this.proxy.port())
			.contains("attempt");
		long storedWhileDown = whileDown.succeeded();
		Backfills.pause(Duration.ofMillis(500));
		assertThat(jobs.status().succeeded()).as("nothing stored while Ollama is away").isEqualTo(storedWhileDown);
		assertThat(storedWhileDown).isLessThan(MOVIES);

		this.proxy.restore();
		EmbeddingJobStatus finished = Backfills.awaitFinished(jobs);

		assertThat(finished.state()).isEqualTo("completed");
		assertThat(finished.succeeded()).isEqualTo(MOVIES);
		assertThat(finished.failed()).isZero();
		assertThat(finished.retries()).isGreaterThanOrEqualTo(3);
		StoredEmbeddings.assertOneCurrentPerMovie(jdbc(), this.service.getBean(EmbeddingJobRepository.class),
				FakeOllamaServer.MODEL);
		// The service agrees: a second run finds every vector current.
		EmbeddingJobStatus rerun = Backfills.run(jobs, false);
		assertThat(rerun.skipped()).isEqualTo(MOVIES);
		assertThat(rerun.succeeded()).isZero();
	}

	private JdbcClient jdbc() {
		return this.service.getBean(JdbcClient.class);
	}

	private static void await(BooleanSupplier condition) {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("condition met in time").isLessThan(deadline);
			Backfills.pause(Duration.ofMillis(20));
		}
	}

}
