package dev.movies.embedding;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import com.zaxxer.hikari.HikariDataSource;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.ErrorResponseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two instances of the service on one database, as two application contexts: one backfill
 * for both, shared page by page, every movie embedded exactly once, even when an instance
 * goes away.
 */
class EmbeddingJobRunnerTests {

	static final int MOVIES = 60;

	final FakeEmbeddingModel modelA = new FakeEmbeddingModel();

	final FakeEmbeddingModel modelB = new FakeEmbeddingModel();

	ConfigurableApplicationContext instanceA;

	ConfigurableApplicationContext instanceB;

	@AfterEach
	void stopInstances() {
		for (ConfigurableApplicationContext instance : new ConfigurableApplicationContext[] { this.instanceA,
				this.instanceB }) {
			if (instance != null && instance.isActive()) {
				instance.close();
			}
		}
	}

	@Test
	void oneBackfillForBothInstancesSharedWithoutDuplicates() {
		this.instanceA = startSeeded(this.modelA);
		this.instanceB = ServiceInstances.startInCluster(this.modelB);
		this.modelA.delay = Duration.ofMillis(40);
		this.modelB.delay = Duration.ofMillis(40);

		assertThat(endpoint(this.instanceA).start(null).getStatus()).isEqualTo(202);
		assertAlreadyRunning(() -> endpoint(this.instanceB).start("true"));
		assertAlreadyRunning(() -> endpoint(this.instanceA).start(null));

		awaitCompleted(this.instanceB);

		assertThat(this.modelA.totalEmbedded()).as("embedded by A").isPositive();
		assertThat(this.modelB.totalEmbedded()).as("embedded by B").isPositive();
		assertEveryMovieEmbeddedExactlyOnce();
		EmbeddingJobStatus seenFromA = endpoint(this.instanceA).status();
		assertThat(seenFromA.state()).isEqualTo("completed");
		assertThat(seenFromA.succeeded()).isEqualTo(MOVIES);
		assertThat(seenFromA).isEqualTo(endpoint(this.instanceB).status());
	}

	@Test
	void anotherInstanceResumesTheJobWhereAStoppedInstanceLeftIt() {
		this.instanceA = startSeeded(this.modelA);
		this.modelA.delay = Duration.ofMillis(100);
		endpoint(this.instanceA).start(null);
		await(() -> endpoint(this.instanceA).status().processed() >= 10);

		HikariDataSource database = this.instanceA.getBean(HikariDataSource.class);
		this.instanceA.close();
		// A finished the pages it had in flight and committed them; the rest is left for
		// B.
		int embeddedByA = this.modelA.totalEmbedded();
		assertThat(embeddedByA).isBetween(10, MOVIES - 1);
		// No half-written page: what A stored is whole pages, all counted; it holds no
		// claim; the job goes on.
		try (SingleConnectionDataSource connection = new SingleConnectionDataSource(database.getJdbcUrl(),
				database.getUsername(), database.getPassword(), true)) {
			JdbcClient jdbc = JdbcClient.create(connection);
			assertThat(jdbc.sql("SELECT count(*) FROM movie_embeddings").query(Long.class).single())
				.isEqualTo(embeddedByA);
			assertThat(jdbc.sql("SELECT succeeded FROM embedding_jobs").query(Long.class).single())
				.isEqualTo(embeddedByA);
			assertThat(embeddedByA % 5).isZero();
			assertThat(jdbc.sql("SELECT count(*) FROM embedding_work WHERE claim_token IS NOT NULL")
				.query(Long.class)
				.single()).isZero();
			assertThat(jdbc.sql("SELECT state FROM embedding_jobs").query(String.class).single()).isEqualTo("running");
		}
		this.instanceB = ServiceInstances.startInCluster(this.modelB);

		awaitCompleted(this.instanceB);

		assertThat(this.modelB.totalEmbedded()).isEqualTo(MOVIES - embeddedByA);
		assertEveryMovieEmbeddedExactlyOnce();
	}

	@Test
	void pagesOfAnInstanceThatDiedAreTakenOverWhenTheirLeaseRunsOut() {
		// the instance that died is only a claim nobody renews: B alone is started
		this.instanceB = startSeeded(this.modelB);
		EmbeddingJobRepository repository = this.instanceB.getBean(EmbeddingJobRepository.class);
		// A job whose first page an instance claimed just before it died (nobody renews
		// that lease).
		long jobId = repository.insertRunningJob(false, "fake-model").orElseThrow();
		repository.insertWork(jobId);
		List<Long> orphaned = repository.claim(jobId, UUID.randomUUID(), 5, Duration.ofSeconds(2));

		awaitCompleted(this.instanceB);

		assertThat(orphaned).hasSize(5);
		assertThat(this.modelB.totalEmbedded()).isEqualTo(MOVIES);
		assertEveryMovieEmbeddedExactlyOnce();
	}

	/** An instance in the cluster, on a catalogue of {@link #MOVIES} movies. */
	private static ConfigurableApplicationContext startSeeded(FakeEmbeddingModel model) {
		ConfigurableApplicationContext instance = ServiceInstances.startInCluster(model);
		ServiceInstances.seedCatalogue(instance, MOVIES);
		return instance;
	}

	private void assertEveryMovieEmbeddedExactlyOnce() {
		for (int i = 1; i <= MOVIES; i++) {
			String title = "Movie " + i;
			assertThat(this.modelA.timesEmbedded(title) + this.modelB.timesEmbedded(title)).as(title).isOne();
		}
		JdbcClient jdbc = this.instanceB.getBean(JdbcClient.class);
		assertThat(jdbc.sql("SELECT count(*) FROM movie_embeddings").query(Long.class).single()).isEqualTo(MOVIES);
	}

	private static EmbeddingsEndpoint endpoint(ConfigurableApplicationContext instance) {
		return instance.getBean(EmbeddingsEndpoint.class);
	}

	private static void awaitCompleted(ConfigurableApplicationContext instance) {
		await(() -> "completed".equals(endpoint(instance).status().state()));
	}

	private static void await(BooleanSupplier condition) {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("condition met in time").isLessThan(deadline);
			Backfills.pause(Duration.ofMillis(20));
		}
	}

	/** A 409 problem+json whose {@code backfill} member is the running job's status. */
	private static void assertAlreadyRunning(ThrowingCallable start) {
		assertThatThrownBy(start).isInstanceOfSatisfying(ErrorResponseException.class, (ex) -> {
			assertThat(ex.getStatusCode().value()).isEqualTo(409);
			assertThat(ex.getBody().getProperties()).extractingByKey("backfill")
				.isInstanceOfSatisfying(EmbeddingJobStatus.class,
						(status) -> assertThat(status.state()).isEqualTo("running"));
		});
	}

}
