package dev.movies.embedding;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import javax.sql.DataSource;

import dev.movies.IntegrationTest;
import dev.movies.TestData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Switching to a model of another dimension: refused with the way forward, or reset when allowed. */
@IntegrationTest
@Import(EmbeddingJobTests.FakeModelConfiguration.class)
@TestPropertySource(properties = { "movies.embedding.job.batch-size=5", "movies.embedding.job.max-workers=2" })
class EmbeddingColumnGuardTests {

	@Autowired
	DataSource dataSource;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TestData data;

	@Autowired
	EmbeddingProperties properties;

	@Autowired
	EmbeddingJobService jobs;

	@Autowired
	FakeEmbeddingModel model;

	@BeforeEach
	void setUp() {
		this.data.reset();
		this.model.reset();
	}

	@AfterEach
	void restoreColumn() throws SQLException {
		try (Connection connection = this.dataSource.getConnection()) {
			guard(true).check(connection);
		}
	}

	@Test
	void startWithAnotherDimensionThanTheColumnIsRefusedWithTheWayForward() {
		ConfigurableApplicationContext instance = null;
		try {
			assertThatThrownBy(() -> EmbeddingClusterTests.instance(this.model, "--movies.embedding.provider=ollama",
					"--movies.embedding.dimension=768"))
				.rootCause()
				.isInstanceOf(EmbeddingSetupException.class)
				.hasMessageContaining("The movie_embeddings.embedding column holds vector(384) but EMBEDDING_DIMENSION is 768")
				.hasMessageContaining("start once with EMBEDDING_RESET_ON_DIMENSION_CHANGE=true")
				.hasMessageContaining("set EMBEDDING_DIMENSION=384");
		}
		finally {
			if (instance != null) {
				instance.close();
			}
		}
		assertThat(columnDimension()).isEqualTo(384);
	}

	@Test
	void startWithResetAllowedRetypesTheColumnAndTheNextBackfillEmbedsEverything() throws SQLException {
		long heat = this.data.insertMovie(1, "Heat", 1995, 8.3, List.of("Crime"), "A detective hunts a thief.");
		this.data.insertMovie(2, "Alien", 1979, 8.5, List.of("Horror"), "A crew meets a deadly creature.");
		Backfills.run(this.jobs, false);
		this.jdbc.sql("CREATE INDEX movie_embeddings_test_hnsw ON movie_embeddings USING hnsw (embedding vector_cosine_ops)")
			.update();

		// The service starts once with a model of 768 dimensions and the reset switch on.
		EmbeddingClusterTests.instance(this.model, "--movies.embedding.provider=ollama",
				"--movies.embedding.dimension=768", "--movies.embedding.reset-on-dimension-change=true",
				"--spring.flyway.placeholders.embedding_dimension=768")
			.close();

		assertThat(columnDimension()).isEqualTo(768);
		assertThat(this.jdbc.sql("SELECT count(*) FROM movie_embeddings").query(Long.class).single()).isZero();
		assertThat(this.jdbc.sql("SELECT count(*) FROM pg_indexes WHERE indexname = 'movie_embeddings_test_hnsw'")
			.query(Long.class)
			.single()).isZero();

		// Back to this context's 384-dimension model: the same path, then a normal backfill re-embeds all.
		try (Connection connection = this.dataSource.getConnection()) {
			guard(true).check(connection);
		}
		this.model.reset();
		EmbeddingJobStatus status = Backfills.run(this.jobs, false);

		assertThat(columnDimension()).isEqualTo(384);
		assertThat(status.succeeded()).isEqualTo(2);
		assertThat(this.jdbc.sql("SELECT count(*) FROM movie_embeddings WHERE movie_id = :id")
			.param("id", heat)
			.query(Long.class)
			.single()).isOne();
	}

	@Test
	void checkWithoutResetLeavesAMatchingColumnAlone() throws SQLException {
		try (Connection connection = this.dataSource.getConnection()) {
			guard(false).check(connection);
		}
		assertThat(columnDimension()).isEqualTo(384);
	}

	private EmbeddingColumnGuard guard(boolean reset) {
		EmbeddingProperties p = this.properties;
		return new EmbeddingColumnGuard(new EmbeddingProperties(p.provider(), 384, p.documentPrefix(), p.queryPrefix(),
				reset, p.ollama(), p.job()));
	}

	private int columnDimension() {
		try (Connection connection = this.dataSource.getConnection()) {
			return EmbeddingColumnGuard.columnDimension(connection);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
