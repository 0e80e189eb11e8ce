package dev.movies.vector;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import javax.sql.DataSource;

import dev.movies.IntegrationTest;
import com.pgvector.PGvector;
import dev.movies.TestData;
import dev.movies.embedding.Backfills;
import dev.movies.embedding.EmbeddingJobService;
import dev.movies.embedding.EmbeddingJobStatus;
import dev.movies.embedding.FakeEmbeddingModel;
import dev.movies.embedding.FakeEmbeddingModelConfiguration;
import dev.movies.embedding.ServiceInstances;
import dev.movies.system.SetupException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Switching to a model of another dimension: refused with the way forward, or reset when
 * allowed; switching the storage (vector / halfvec): the stored vectors converted in
 * place.
 */
@IntegrationTest
@Import(FakeEmbeddingModelConfiguration.class)
@TestPropertySource(properties = { "movies.embedding.job.batch-size=5", "movies.embedding.job.max-workers=2" })
class VectorColumnGuardTests {

	@Autowired
	DataSource dataSource;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TestData data;

	@Autowired
	EmbeddingJobService jobs;

	@Autowired
	FakeEmbeddingModel model;

	@Autowired
	MockMvc mvc;

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
			assertThatThrownBy(() -> ServiceInstances.startInCluster(this.model, "--movies.embedding.provider=ollama",
					"--movies.embedding.dimension=768"))
				.rootCause()
				.isInstanceOf(SetupException.class)
				.hasMessageContaining(
						"The movie_embeddings.embedding column holds vector(384) but EMBEDDING_DIMENSION is 768")
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
		this.jdbc
			.sql("CREATE INDEX movie_embeddings_test_hnsw ON movie_embeddings USING hnsw (embedding vector_cosine_ops)")
			.update();

		// The service starts once with a model of 768 dimensions and the reset switch on.
		ServiceInstances
			.startInCluster(this.model, "--movies.embedding.provider=ollama", "--movies.embedding.dimension=768",
					"--movies.embedding.reset-on-dimension-change=true",
					"--spring.flyway.placeholders.embedding_dimension=768")
			.close();

		assertThat(columnDimension()).isEqualTo(768);
		assertThat(this.jdbc.sql("SELECT count(*) FROM movie_embeddings").query(Long.class).single()).isZero();
		assertThat(this.jdbc.sql("SELECT count(*) FROM pg_indexes WHERE indexname = 'movie_embeddings_test_hnsw'")
			.query(Long.class)
			.single()).isZero();

		// Back to this context's 384-dimension model: the same path, then a normal
		// backfill re-embeds all.
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
	void storageSwitchConvertsTheStoredVectorsAndTheIndexIsBuiltOnTheNewType() throws Exception {
		long heat = this.data.insertMovie(1, "Heat", 1995, 8.3, List.of("Crime"), "A detective hunts a thief.");
		long alien = this.data.insertMovie(2, "Alien", 1979, 8.5, List.of("Horror"), "A crew meets a deadly creature.");
		Backfills.run(this.jobs, false);
		this.jdbc
			.sql("CREATE INDEX movie_embeddings_test_hnsw ON movie_embeddings USING hnsw (embedding vector_ip_ops)")
			.update();
		float[] before = storedVector(heat);

		// EMBEDDING_STORAGE=halfvec with the same model: no reset needed, nothing to
		// re-embed
		try (Connection connection = this.dataSource.getConnection()) {
			guard(false, VectorStorage.HALFVEC).check(connection);
		}

		assertThat(columnType()).isEqualTo("halfvec(384)");
		assertThat(this.jdbc.sql("SELECT count(*) FROM movie_embeddings").query(Long.class).single()).isEqualTo(2);
		float[] after = storedVector(heat);
		for (int i = 0; i < before.length; i++) {
			// half precision: 11 significant bits
			assertThat(after[i]).isCloseTo(before[i], within(Math.abs(before[i]) / 1024 + 1e-6f));
		}
		assertThat(this.jdbc.sql("SELECT count(*) FROM pg_indexes WHERE indexname = 'movie_embeddings_test_hnsw'")
			.query(Long.class)
			.single()).isZero();
		// an instance with halfvec storage builds its index with the halfvec operator
		// class ...
		try (ConfigurableApplicationContext instance = ServiceInstances.startInCluster(this.model,
				"--movies.embedding.storage=halfvec", "--movies.recommendations.index.create-on-startup=false")) {
			assertThat(instance.getBean(VectorIndexManager.class).ensureConfiguredIndex().opclass())
				.isEqualTo("halfvec_ip_ops");
		}
		assertThat(this.jdbc.sql("""
				SELECT opc.opcname FROM pg_index i JOIN pg_opclass opc ON opc.oid = i.indclass[0]
				WHERE i.indrelid = 'movie_embeddings'::regclass AND i.indexrelid::regclass::text LIKE '%hnsw'
				""").query(String.class).list()).containsExactly("halfvec_ip_ops");
		// ... and the search, whose query vector is a vector parameter, reads the halfvec
		// column
		this.mvc.perform(get("/api/recommendations/movie/" + heat))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.movies[0].id").value(alien));
	}

	@Test
	void checkWithoutResetLeavesAMatchingColumnAlone() throws SQLException {
		try (Connection connection = this.dataSource.getConnection()) {
			guard(false).check(connection);
		}
		assertThat(columnDimension()).isEqualTo(384);
	}

	private VectorColumnGuard guard(boolean reset) {
		return guard(reset, VectorStorage.VECTOR);
	}

	private VectorColumnGuard guard(boolean reset, VectorStorage storage) {
		return new VectorColumnGuard(new VectorColumn(384, storage, reset));
	}

	private String columnType() {
		try (Connection connection = this.dataSource.getConnection()) {
			return VectorColumnGuard.columnType(connection);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private float[] storedVector(long movieId) throws SQLException {
		return new PGvector(this.jdbc.sql("SELECT embedding::text FROM movie_embeddings WHERE movie_id = :id")
			.param("id", movieId)
			.query(String.class)
			.single()).toArray();
	}

	private int columnDimension() {
		try (Connection connection = this.dataSource.getConnection()) {
			return VectorColumnGuard.columnDimension(connection);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
