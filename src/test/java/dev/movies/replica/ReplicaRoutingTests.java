package dev.movies.replica;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import dev.movies.IntegrationTest;
import dev.movies.TestData;
import dev.movies.embedding.EmbeddingModel;
import dev.movies.replica.Replica.State;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

/**
 * Reads on a real streaming replica ({@code .ci/replica.sh}, a hot standby of the test
 * cluster): read-only transactions run there and find the vector index, imports become
 * readable there, a replica stopped under load fails no request and is used again when it
 * is back, and a lagging one is skipped. The replica replays the whole cluster; these
 * tests read their own database only.
 */
@IntegrationTest
@TestPropertySource(properties = { "movies.replicas.max-lag=3s", "movies.replicas.check-interval=200ms",
		"movies.replicas.pool-size=4", "movies.replicas.connection-timeout=500ms" })
class ReplicaRoutingTests {

	private static final String ADMIN = "Bearer test-admin-key";

	private static final Duration PATIENCE = Duration.ofSeconds(90);

	@Autowired
	MockMvc mvc;

	@Autowired
	TestData data;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ReplicaRouter router;

	@Autowired
	PlatformTransactionManager transactions;

	@Autowired
	ObjectMapper json;

	@Autowired
	EmbeddingModel embeddingModel;

	@DynamicPropertySource
	static void replica(DynamicPropertyRegistry registry) {
		registry.add("movies.replicas.urls", ReplicaCluster::url);
	}

	@BeforeAll
	static void replicaRunning() {
		ReplicaCluster.require();
	}

	@BeforeEach
	void setUp() {
		this.data.reset();
		awaitState(State.UP);
	}

	@AfterEach
	void leaveTheReplicaRunning() {
		ReplicaCluster.resumeReplay();
		if (replica().state() == State.DOWN) {
			ReplicaCluster.start();
		}
	}

	@Test
	void readOnlyTransactionsRunOnTheReplicaWithTheVectorIndexAndWritesOnThePrimary() {
		long id = seedMovieWithVector(1, "Alien");
		awaitReadableOnReplica(1);

		assertThat(readOnly("SELECT inet_server_port()")).isEqualTo(ReplicaCluster.PORT);
		assertThat(readOnly("SELECT pg_is_in_recovery()::int")).isEqualTo(1);
		assertThat(readWrite("SELECT inet_server_port()")).isNotEqualTo(ReplicaCluster.PORT);
		assertThat(this.jdbc.sql("SELECT pg_is_in_recovery()").query(Boolean.class).single()).isFalse();
		// the replica has the HNSW index the primary built, valid, and its planner uses
		// it
		String plan = new TransactionTemplate(this.transactions, readOnlyDefinition()).execute((status) -> {
			this.jdbc.sql("SET LOCAL enable_seqscan = off").update();
			return String.join("\n",
					this.jdbc
						.sql("EXPLAIN SELECT movie_id FROM movie_embeddings ORDER BY embedding <#> "
								+ "(SELECT embedding FROM movie_embeddings WHERE movie_id = :id) LIMIT 10")
						.param("id", id)
						.query(String.class)
						.list());
		});
		assertThat(plan).contains("Index Scan using movie_embeddings_embedding_hnsw");

		long replicaReads = replica().reads.sum();
		long primaryReads = this.router.primaryReads();
		for (int i = 0; i < 5; i++) {
			assertStatus(get("/api/movies/" + id), 200);
			assertStatus(get("/api/recommendations/movie/" + id), 200);
			assertStatus(get("/api/search").param("query", "alien"), 200);
		}
		assertThat(replica().reads.sum() - replicaReads).isGreaterThanOrEqualTo(15);
		assertThat(this.router.primaryReads()).isEqualTo(primaryReads);
	}

	@Test
	void importedMovieBecomesReadableOnTheReplica() throws Exception {
		assertStatus(
				put("/api/movies").header("Authorization", ADMIN)
					.contentType(MediaType.APPLICATION_JSON)
					.content(this.json.writeValueAsString(List
						.of(Map.of("external_id", 4242, "title", "Heat", "year", 1995, "genres", List.of("Crime"))))),
				200);

		awaitReadableOnReplica(4242);
		assertStatus(get("/api/movies/external/4242"), 200);
		assertThat(readOnly("SELECT inet_server_port()")).isEqualTo(ReplicaCluster.PORT);
	}

	@Test
	void replicaStoppedUnderLoadFailsNoRequestAndIsUsedAgainWhenBack() throws Exception {
		long id = seedMovieWithVector(1, "Alien");
		awaitReadableOnReplica(1);
		AtomicBoolean running = new AtomicBoolean(true);
		AtomicInteger answered = new AtomicInteger();
		ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
		List<Future<?>> clients = new ArrayList<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
			for (int c = 0; c < 4; c++) {
				String path = c % 2 == 0 ? "/api/movies/" + id : "/api/recommendations/movie/" + id;
				clients.add(pool.submit(() -> {
					while (running.get()) {
						int status = this.mvc.perform(get(path)).andReturn().getResponse().getStatus();
						answered.incrementAndGet();
						if (status != 200) {
							failures.add(path + " -> " + status);
						}
					}
					return null;
				}));
			}
			await(() -> answered.get() > 50, "load running");
			long failuresBefore = replica().failures.sum();

			ReplicaCluster.stop();
			awaitState(State.DOWN);
			int duringOutage = answered.get();
			await(() -> answered.get() > duringOutage + 100, "requests served while the replica is down");
			assertThat(readOnly("SELECT inet_server_port()")).isNotEqualTo(ReplicaCluster.PORT);

			ReplicaCluster.start();
			awaitState(State.UP);
			long readsBack = replica().reads.sum();
			await(() -> replica().reads.sum() > readsBack + 20, "reads on the replica again");
			running.set(false);
			for (Future<?> client : clients) {
				client.get();
			}
			assertThat(failures).as("failed requests").isEmpty();
			assertThat(answered.get()).isGreaterThan(200);
			assertThat(replica().failures.sum() + (replica().state() == State.UP ? 1 : 0))
				.as("the outage was noticed, the replica is back")
				.isGreaterThan(failuresBefore);
		}
		finally {
			running.set(false);
		}
		assertThat(readOnly("SELECT inet_server_port()")).isEqualTo(ReplicaCluster.PORT);
	}

	@Test
	void laggingReplicaIsSkippedUntilItCatchesUp() throws Exception {
		ReplicaCluster.pauseReplay();
		try {
			assertStatus(put("/api/movies").header("Authorization", ADMIN)
				.contentType(MediaType.APPLICATION_JSON)
				.content(this.json.writeValueAsString(List
					.of(Map.of("external_id", 777, "title", "Paused", "year", 2001, "genres", List.of("Drama"))))),
					200);
			awaitState(State.LAGGING);
			assertThat(replica().lag()).isGreaterThan(Duration.ofSeconds(3));

			// reads go to the primary meanwhile, so the new movie is there at once
			assertThat(readOnly("SELECT inet_server_port()")).isNotEqualTo(ReplicaCluster.PORT);
			assertStatus(get("/api/movies/external/777"), 200);
		}
		finally {
			ReplicaCluster.resumeReplay();
		}
		awaitState(State.UP);
		awaitReadableOnReplica(777);
		assertThat(readOnly("SELECT inet_server_port()")).isEqualTo(ReplicaCluster.PORT);
	}

	private Replica replica() {
		return this.router.replicas().get(0);
	}

	private long seedMovieWithVector(long externalId, String title) {
		long id = this.data.insertMovie(externalId, title, 1979, 8.5, List.of("Horror", "Sci-Fi"),
				"A crew meets a creature.");
		float[] vector = new float[384];
		vector[(int) (externalId % 384)] = 1;
		// searches read only the configured model's vectors
		this.data.insertEmbedding(id, vector, this.embeddingModel.name());
		return id;
	}

	/** Waits until a read-only transaction on the replica sees the movie. */
	private void awaitReadableOnReplica(long externalId) {
		await(() -> replica().inRotation() && readOnly("SELECT inet_server_port()") == ReplicaCluster.PORT
				&& readOnly("SELECT count(*)::int FROM movies WHERE external_id = " + externalId) == 1,
				"movie " + externalId + " on the replica");
	}

	private int readOnly(String sql) {
		return new TransactionTemplate(this.transactions, readOnlyDefinition())
			.execute((status) -> this.jdbc.sql(sql).query(Integer.class).single());
	}

	private int readWrite(String sql) {
		return new TransactionTemplate(this.transactions)
			.execute((status) -> this.jdbc.sql(sql).query(Integer.class).single());
	}

	private static TransactionTemplate readOnlyDefinition() {
		TransactionTemplate definition = new TransactionTemplate();
		definition.setReadOnly(true);
		return definition;
	}

	private void awaitState(State state) {
		await(() -> replica().state() == state, "replica " + state);
	}

	private void assertStatus(org.springframework.test.web.servlet.RequestBuilder request, int status) {
		try {
			assertThat(this.mvc.perform(request).andReturn().getResponse().getStatus()).isEqualTo(status);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void await(BooleanSupplier condition, String what) {
		long deadline = System.nanoTime() + PATIENCE.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("Timed out waiting for: " + what);
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError(ex);
			}
		}
	}

}
