package dev.movies.embedding;

import java.time.Duration;
import java.util.List;

import com.pgvector.PGvector;
import dev.movies.IntegrationTest;
import dev.movies.TestData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;

@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
@Import(FakeEmbeddingModelConfiguration.class)
@TestPropertySource(properties = { "movies.embedding.job.batch-size=5", "movies.embedding.job.max-workers=2" })
class EmbeddingJobTests {

	static final int MOVIES = 40;

	static final String ADMIN = "Bearer test-admin-key";

	@Autowired
	MockMvcTester mvc;

	@Autowired
	TestData data;

	@Autowired
	FakeEmbeddingModel model;

	@Autowired
	EmbeddingJobService jobs;

	@Autowired
	EmbeddingJobRepository repository;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	EmbeddingJobRunner runner;

	@BeforeEach
	void setUp() {
		this.data.reset();
		this.model.reset();
		for (int i = 1; i <= MOVIES; i++) {
			this.data.insertMovie(i, "Movie " + i, 1990 + i % 30, 5 + i % 5, List.of("Drama"),
					"The story of movie number " + i + ".");
		}
	}

	@Test
	void postStartsABackfillThatEmbedsEveryMovieOnce() {
		assertThat(this.mvc.post()
			.uri("/actuator/embeddings")
			.header(HttpHeaders.AUTHORIZATION, ADMIN)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{}")).hasStatus(HttpStatus.ACCEPTED)
			.bodyJson()
			.hasPathSatisfying("$.state", (v) -> v.assertThat().isEqualTo("running"))
			.hasPathSatisfying("$.total", (v) -> v.assertThat().isEqualTo(MOVIES));

		awaitFinished();

		assertThat(this.mvc.get().uri("/actuator/embeddings").header(HttpHeaders.AUTHORIZATION, ADMIN)).hasStatusOk()
			.bodyJson()
			.hasPathSatisfying("$.state", (v) -> v.assertThat().isEqualTo("completed"))
			.hasPathSatisfying("$.total", (v) -> v.assertThat().isEqualTo(MOVIES))
			.hasPathSatisfying("$.processed", (v) -> v.assertThat().isEqualTo(MOVIES))
			.hasPathSatisfying("$.succeeded", (v) -> v.assertThat().isEqualTo(MOVIES))
			.hasPathSatisfying("$.skipped", (v) -> v.assertThat().isEqualTo(0))
			.hasPathSatisfying("$.failed", (v) -> v.assertThat().isEqualTo(0))
			.hasPathSatisfying("$.eta_seconds", (v) -> v.assertThat().isEqualTo(0))
			.hasPathSatisfying("$.last_error", (v) -> v.assertThat().isNull())
			.hasPathSatisfying("$.model", (v) -> v.assertThat().isEqualTo("fake-model"))
			.hasPathSatisfying("$.started_at", (v) -> v.assertThat().isNotNull())
			.hasPathSatisfying("$.finished_at", (v) -> v.assertThat().isNotNull())
			.hasPathSatisfying("$.rate_per_second", (v) -> v.assertThat().asNumber().isNotNull());
		assertThat(this.model.embeddedTitles).hasSize(MOVIES)
			.allSatisfy((title, count) -> assertThat(count).hasValue(1));
		assertThat(storedVectors()).isEqualTo(MOVIES);
		assertThat(this.jdbc.sql("SELECT count(*) FROM embedding_work").query(Long.class).single()).isZero();
	}

	@Test
	void storedVectorIsTheModelsVectorOfTheDocumentText() {
		Backfills.run(this.jobs, false);

		String text = "Title: Movie 7 | Year: 1997 | Genres: Drama | Description: The story of movie number 7. | "
				+ "Language: en | Rating: 7.0/10";
		float[] stored = this.jdbc.sql("""
				SELECT e.embedding::text FROM movie_embeddings e JOIN movies m ON m.id = e.movie_id
				WHERE m.title = 'Movie 7' AND e.text_hash = :hash
				""")
			.param("hash", DocumentText.hash("fake-model", "", text))
			.query((rs, n) -> new PGvector(rs.getString(1)).toArray())
			.single();
		assertThat(stored).containsExactly(FakeEmbeddingModel.vectorFor(text),
				org.assertj.core.data.Offset.offset(1e-6f));
	}

	@Test
	void secondStartWhileOneRunsIs409WithTheRunningJobsStatusAndDeleteCancels() {
		this.model.delay = Duration.ofMillis(200);
		assertThat(this.mvc.post()
			.uri("/actuator/embeddings")
			.header(HttpHeaders.AUTHORIZATION, ADMIN)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{}")).hasStatus(HttpStatus.ACCEPTED);
		long jobId = this.jobs.status().jobId();

		assertThat(this.mvc.post()
			.uri("/actuator/embeddings")
			.header(HttpHeaders.AUTHORIZATION, ADMIN)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"force\": true}")).hasStatus(HttpStatus.CONFLICT)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.hasPathSatisfying("$.title", (v) -> v.assertThat().isEqualTo("Backfill already running"))
			.hasPathSatisfying("$.status", (v) -> v.assertThat().isEqualTo(409))
			.hasPathSatisfying("$.backfill.state", (v) -> v.assertThat().isEqualTo("running"))
			.hasPathSatisfying("$.backfill.job_id", (v) -> v.assertThat().isEqualTo((int) jobId));

		assertThat(this.mvc.delete().uri("/actuator/embeddings").header(HttpHeaders.AUTHORIZATION, ADMIN)).hasStatusOk()
			.bodyJson()
			.hasPathSatisfying("$.state", (v) -> v.assertThat().isEqualTo("cancelled"));
		// Pages in flight when the job was cancelled still commit.
		Backfills.pause(Duration.ofMillis(500));
		assertThat(this.jobs.status().processed()).isLessThan(MOVIES);
		assertThat(this.jobs.status().state()).isEqualTo("cancelled");
	}

	@Test
	void forceMustBeAJsonBooleanOrTheStartIs400NamingIt() {
		for (String force : new String[] { "\"yes\"", "\"on\"", "\"maybe\"", "1" }) {
			assertThat(this.mvc.post()
				.uri("/actuator/embeddings")
				.header(HttpHeaders.AUTHORIZATION, ADMIN)
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"force\": " + force + "}")).as(force)
				.hasStatus(HttpStatus.BAD_REQUEST)
				.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
				.bodyJson()
				.hasPathSatisfying("$.errors[0].parameter", (v) -> v.assertThat().isEqualTo("force"))
				.hasPathSatisfying("$.errors[0].message",
						(v) -> v.assertThat().isEqualTo("must be true or false (a JSON boolean)"));
		}
		assertThat(this.jobs.status().state()).as("no backfill was started").isEqualTo("idle");
	}

	@Test
	void cancelWithNothingRunningIs409() {
		assertThat(this.mvc.delete().uri("/actuator/embeddings").header(HttpHeaders.AUTHORIZATION, ADMIN))
			.hasStatus(HttpStatus.CONFLICT)
			.bodyJson()
			.hasPathSatisfying("$.state", (v) -> v.assertThat().isEqualTo("idle"));
	}

	@Test
	void backfillEndpointRequiresTheAdminKey() {
		assertThat(this.mvc.post().uri("/actuator/embeddings")).hasStatus(HttpStatus.UNAUTHORIZED);
		assertThat(this.mvc.get().uri("/actuator/embeddings")).hasStatus(HttpStatus.UNAUTHORIZED);
	}

	@Test
	void secondRunSkipsUpToDateMoviesWithoutCallingTheModel() {
		Backfills.run(this.jobs, false);
		this.model.reset();

		EmbeddingJobStatus status = Backfills.run(this.jobs, false);

		assertThat(status.skipped()).isEqualTo(MOVIES);
		assertThat(status.succeeded()).isZero();
		assertThat(this.model.calls).hasValue(0);
	}

	@Test
	void editedMovieIsStaleAndReembeddedAlone() {
		Backfills.run(this.jobs, false);
		this.model.reset();
		this.jdbc.sql("UPDATE movies SET description_full = 'A new plot.' WHERE title = 'Movie 3'").update();

		EmbeddingJobStatus status = Backfills.run(this.jobs, false);

		assertThat(status.succeeded()).isOne();
		assertThat(status.skipped()).isEqualTo(MOVIES - 1);
		assertThat(this.model.embeddedTitles).containsOnlyKeys("Movie 3");
	}

	@Test
	void anotherModelMakesEveryVectorStale() {
		Backfills.run(this.jobs, false);
		this.model.reset();
		this.model.name = "another-model";

		assertThat(Backfills.run(this.jobs, false).succeeded()).isEqualTo(MOVIES);
		assertThat(this.jdbc.sql("SELECT DISTINCT model FROM movie_embeddings").query(String.class).list())
			.containsExactly("another-model");
	}

	@Test
	void forceReembedsEveryMovieExactlyOnce() {
		Backfills.run(this.jobs, false);
		this.model.reset();

		assertThat(this.mvc.post()
			.uri("/actuator/embeddings")
			.header(HttpHeaders.AUTHORIZATION, ADMIN)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"force\": true}")).hasStatus(HttpStatus.ACCEPTED)
			.bodyJson()
			.hasPathSatisfying("$.force", (v) -> v.assertThat().isEqualTo(true));
		EmbeddingJobStatus status = awaitFinished();

		assertThat(status.succeeded()).isEqualTo(MOVIES);
		assertThat(status.skipped()).isZero();
		assertThat(this.model.embeddedTitles).hasSize(MOVIES)
			.allSatisfy((title, count) -> assertThat(count).hasValue(1));
	}

	@Test
	void poisonousMovieIsIsolatedRecordedAndRetriedByTheNextRun(CapturedOutput log) {
		this.jdbc.sql("UPDATE movies SET description_full = 'POISON' WHERE title = 'Movie 12'").update();
		this.model.rejects = (text) -> text.contains("POISON");

		EmbeddingJobStatus status = Backfills.run(this.jobs, false);

		assertThat(status.state()).isEqualTo("completed");
		assertThat(status.succeeded()).isEqualTo(MOVIES - 1);
		assertThat(status.failed()).isOne();
		assertThat(this.repository.failures()).singleElement()
			.satisfies((failure) -> assertThat(failure.reason()).contains("exceeds the context length"));
		assertThat(storedVectors()).isEqualTo(MOVIES - 1);
		// The operator finds the movie from the log line alone: id, external id, title
		// and reason.
		long id = this.jdbc.sql("SELECT id FROM movies WHERE title = 'Movie 12'").query(Long.class).single();
		assertThat(log.getOut()).contains("movie %d (external id 12, \"Movie 12\") failed: ".formatted(id)
				+ "Ollama at http://fake rejected the input: the input length exceeds the context length");

		this.model.rejects = (text) -> false;
		status = Backfills.run(this.jobs, false);

		assertThat(status.succeeded()).isOne();
		assertThat(status.failed()).isZero();
		assertThat(this.repository.failures()).isEmpty();
		assertThat(storedVectors()).isEqualTo(MOVIES);
	}

	@Test
	void passingFailuresAreRetriedAndCounted() {
		this.model.transientFailures.set(3);

		EmbeddingJobStatus status = Backfills.run(this.jobs, false);

		assertThat(status.state()).isEqualTo("completed");
		assertThat(status.retries()).isEqualTo(3);
		assertThat(status.lastError()).contains("is busy");
		assertThat(status.succeeded()).isEqualTo(MOVIES);
	}

	@Test
	void missingModelFailsTheJobWithTheOperatorsMessage() {
		this.model.failure = new OllamaFailures.ModelNotPulledException("nomic-embed-text");

		EmbeddingJobStatus status = Backfills.run(this.jobs, false);

		assertThat(status.state()).isEqualTo("failed");
		assertThat(status.lastError())
			.isEqualTo("Model 'nomic-embed-text' is not pulled: run `ollama pull nomic-embed-text`");
	}

	@Test
	void runnerStoppedAndStartedAgainStillWorksOnBackfills() {
		// A lifecycle restart (context stop/start, as the test framework does when it
		// pauses a cached context, or a checkpoint/restore) must not leave this
		// instance's workers stopping for good.
		this.runner.stop();
		this.runner.start();

		EmbeddingJobStatus status = Backfills.run(this.jobs, false);

		assertThat(status.state()).isEqualTo("completed");
		assertThat(status.succeeded()).isEqualTo(MOVIES);
	}

	@Test
	void idleBeforeAnyBackfill() {
		assertThat(this.jobs.status().state()).isEqualTo("idle");
	}

	private long storedVectors() {
		return this.jdbc.sql("SELECT count(*) FROM movie_embeddings").query(Long.class).single();
	}

	private EmbeddingJobStatus awaitFinished() {
		return Backfills.awaitFinished(this.jobs);
	}

}
