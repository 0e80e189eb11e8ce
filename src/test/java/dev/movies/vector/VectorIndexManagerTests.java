package dev.movies.vector;

import dev.movies.IntegrationTest;
import dev.movies.embedding.EmbeddingModel;
import dev.movies.TestData;
import dev.movies.recommendation.VectorCatalogue;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VectorIndexManagerTests {

	@Autowired
	MockMvcTester mvc;

	@Autowired
	TestData data;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	EmbeddingModel model;

	@Autowired
	VectorIndexManager indexes;

	@Autowired
	VectorIndexRepository repository;

	@Autowired
	DataSource dataSource;

	@Autowired
	VectorColumn column;

	@BeforeAll
	void createCatalogue() {
		this.data.reset();
		new VectorCatalogue(this.jdbc, this.model.name()).generate(1000).analyze();
		// whatever an earlier test class left: the configured index, as start-up makes it
		this.indexes.ensureConfiguredIndex();
	}

	@Test
	void waitingForTheBuildLockHoldsBackNoConcurrentIndexBuild() throws Exception {
		this.jdbc.sql("CREATE TABLE IF NOT EXISTS build_lock_probe (id int)").update();
		try (Connection holder = this.dataSource.getConnection();
				Connection builder = this.dataSource.getConnection();
				Statement holding = holder.createStatement();
				Statement building = builder.createStatement()) {
			// another instance builds: it holds the lock and runs CREATE INDEX
			// CONCURRENTLY
			holding.execute("SELECT pg_advisory_lock(" + VectorIndexRepository.BUILD_LOCK + ")");
			CompletableFuture<Optional<String>> waiter = CompletableFuture
				.supplyAsync(() -> this.repository.withBuildLock(true, () -> "ours"));
			Thread.sleep(500);
			building.execute("SET statement_timeout = '20s'");
			building.execute("CREATE INDEX CONCURRENTLY build_lock_probe_id ON build_lock_probe (id)");
			assertThat(waiter).isNotDone();
			holding.execute("SELECT pg_advisory_unlock(" + VectorIndexRepository.BUILD_LOCK + ")");
			assertThat(waiter.get(10, TimeUnit.SECONDS)).contains("ours");
		}
		finally {
			this.jdbc.sql("DROP TABLE IF EXISTS build_lock_probe").update();
		}
	}

	@Test
	void recreatesTheConfiguredIndexWhenSomeoneDroppedIt() {
		this.indexes.ensureConfiguredIndex();
		this.jdbc.sql("DROP INDEX movie_embeddings_embedding_hnsw").update();
		IndexReport report = this.indexes.ensureConfiguredIndex();
		assertThat(report.status()).isEqualTo("built");
		assertThat(this.indexes.indexes()).singleElement().satisfies((index) -> {
			assertThat(index.name()).isEqualTo("movie_embeddings_embedding_hnsw");
			assertThat(index.method()).isEqualTo("hnsw");
			assertThat(index.opclass()).isEqualTo("vector_ip_ops");
			assertThat(index.options()).containsExactly("m=16", "ef_construction=64");
			assertThat(index.valid()).isTrue();
		});
		assertThat(this.indexes.ensureConfiguredIndex().status()).isEqualTo("present");
	}

	@Test
	void rebuildReportsWhatItBuiltAndHowLongItTook() {
		assertThat(this.mvc.post().uri("/api/admin/index/rebuild").header("Authorization", "Bearer test-admin-key"))
			.hasStatusOk()
			.bodyJson()
			.hasPathSatisfying("$.status", (v) -> v.assertThat().isEqualTo("built"))
			.hasPathSatisfying("$.name", (v) -> v.assertThat().isEqualTo("movie_embeddings_embedding_hnsw"))
			.hasPathSatisfying("$.method", (v) -> v.assertThat().isEqualTo("hnsw"))
			.hasPathSatisfying("$.parameters.m", (v) -> v.assertThat().isEqualTo(16))
			.hasPathSatisfying("$.vectors", (v) -> v.assertThat().isEqualTo(1000))
			.hasPathSatisfying("$.concurrently", (v) -> v.assertThat().isEqualTo(true))
			.hasPathSatisfying("$.build_millis", (v) -> v.assertThat().isNotNull())
			.hasPathSatisfying("$.size_bytes", (v) -> v.assertThat().asNumber().isNotEqualTo(0));
		assertThat(this.indexes.indexes()).hasSize(1);
	}

	@Test
	void rebuildNeedsTheAdminKey() {
		assertThat(this.mvc.post().uri("/api/admin/index/rebuild")).hasStatus(HttpStatus.UNAUTHORIZED);
		assertThat(this.mvc.get().uri("/api/admin/index")).hasStatus(HttpStatus.UNAUTHORIZED);
		assertThat(this.mvc.get().uri("/api/admin/index").header("Authorization", "Bearer test-admin-key"))
			.hasStatusOk()
			.bodyJson()
			.hasPathSatisfying("$[0].opclass", (v) -> v.assertThat().isEqualTo("vector_ip_ops"));
	}

	@Test
	void ivfflatIsNeverBuiltOnTooLittleData() {
		VectorIndexManager ivfflat = manager(IndexType.IVFFLAT, 10_000);
		IndexReport report = ivfflat.rebuild();
		assertThat(report.status()).isEqualTo("skipped");
		assertThat(report.detail()).contains("1000 vectors").contains("too little data");
		assertThat(this.indexes.indexes()).extracting(VectorIndex::method).containsExactly("hnsw");
	}

	@Test
	void ivfflatReplacesHnswWhenConfiguredAndThereIsEnoughData() {
		try {
			IndexReport report = manager(IndexType.IVFFLAT, 500).rebuild();
			assertThat(report.status()).isEqualTo("built");
			assertThat(report.parameters()).containsEntry("lists", 1);
			assertThat(report.replaced()).containsExactly("movie_embeddings_embedding_hnsw");
			assertThat(this.indexes.indexes()).singleElement().satisfies((index) -> {
				assertThat(index.method()).isEqualTo("ivfflat");
				assertThat(index.opclass()).isEqualTo("vector_ip_ops");
			});
		}
		finally {
			this.indexes.ensureConfiguredIndex();
		}
		assertThat(this.indexes.indexes()).extracting(VectorIndex::method).containsExactly("hnsw");
	}

	@Test
	void ivfflatListsFollowTheRowCount() {
		assertThat(VectorIndexManager.ivfflatLists(0)).isEqualTo(1);
		assertThat(VectorIndexManager.ivfflatLists(50_000)).isEqualTo(50);
		assertThat(VectorIndexManager.ivfflatLists(1_000_000)).isEqualTo(1000);
		assertThat(VectorIndexManager.ivfflatLists(4_000_000)).isEqualTo(2000);
	}

	private VectorIndexManager manager(IndexType type, int ivfflatMinRows) {
		IndexSettings settings = new IndexSettings(type, 16, 64, 0, 0, ivfflatMinRows, DataSize.ofMegabytes(64), false);
		return new VectorIndexManager(this.repository, settings, this.column);
	}

}
