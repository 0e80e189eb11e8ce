package dev.movies.embedding;

import dev.movies.vector.VectorStorage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import dev.movies.embedding.EmbeddingException.Kind;
import dev.movies.embedding.EmbeddingProperties.OllamaEndpoint;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class OllamaEmbeddingModelTests {

	FakeOllamaServer ollama;

	@BeforeEach
	void startServer() throws IOException {
		this.ollama = new FakeOllamaServer();
	}

	@AfterEach
	void stopServer() {
		this.ollama.close();
	}

	@Test
	void embedsABatchInOneCallWithPrefixKeepAliveAndTruncate() {
		List<float[]> vectors = model(this.ollama.url()).embedDocuments(List.of("Title: Heat", "Title: Alien"));

		assertThat(vectors).hasSize(2);
		assertThat(vectors.get(0)).hasSize(768)
			.isEqualTo(FakeOllamaServer.vectorFor("search_document: Title: Heat", 768, 1));
		assertThat(this.ollama.embedCalls()).isOne();
		JsonNode request = this.ollama.embedRequests.getFirst();
		assertThat(request.path("model").asString()).isEqualTo("nomic-embed-text");
		assertThat(request.path("keep_alive").asString()).isEqualTo("30m");
		assertThat(request.path("truncate").asBoolean()).isTrue();
		assertThat(request.path("input").get(1).asString()).isEqualTo("search_document: Title: Alien");
	}

	/**
	 * Finding 4: a query used to queue behind every backfill page waiting for the one
	 * server.
	 */
	@Test
	void aQueryIsServedBeforeBackfillPagesQueuedForTheServer() throws Exception {
		this.ollama.timePerRequest = Duration.ofMillis(150);
		OllamaEmbeddingModel model = model(this.ollama.url());
		List<Thread> pages = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			String page = "page " + i;
			pages.add(Thread.ofVirtual().start(() -> model.embedDocuments(List.of(page))));
		}
		while (this.ollama.embedsReceived.get() == 0) {
			Thread.sleep(5);
		}

		model.embedQuery("a heist");

		List<String> served = this.ollama.embedRequests.stream()
			.map((request) -> request.path("input").get(0).asString())
			.toList();
		int query = served.indexOf("search_query: a heist");
		// at most the page in flight when it came, and the one the server took meanwhile,
		// went first
		assertThat(query).as("served in order %s", served).isBetween(0, 2);
		for (Thread page : pages) {
			page.join();
		}
		assertThat(this.ollama.embedCalls()).isEqualTo(7);
	}

	/**
	 * Finding 4: queries waited without a deadline, then failed as a 500 each in turn.
	 */
	@Test
	void aQueryWaitsABoundedTimeForASlotThenFailsAsUnavailable() throws Exception {
		this.ollama.timePerRequest = Duration.ofSeconds(3);
		OllamaEmbeddingModel model = model(this.ollama.url());
		Thread first = Thread.ofVirtual().start(() -> model.embedQuery("the query holding the slot"));
		while (this.ollama.embedsReceived.get() == 0 && first.isAlive()) {
			Thread.sleep(5);
		}
		assertThatThrownBy(() -> model.embedQuery("a second query")).isInstanceOfSatisfying(EmbeddingException.class,
				(ex) -> {
					assertThat(ex.kind()).isEqualTo(EmbeddingException.Kind.UNAVAILABLE);
					assertThat(ex.getMessage()).contains("busy", "500 ms");
				});
		first.join();
	}

	@Test
	void queriesGetTheQueryPrefix() {
		float[] vector = model(this.ollama.url()).embedQuery("a heist in Los Angeles");

		assertThat(vector).isEqualTo(FakeOllamaServer.vectorFor("search_query: a heist in Los Angeles", 768, 1));
	}

	@Test
	void oneTextEndpointIsCalledPerTextAndNormalised() {
		OllamaEmbeddingModel model = model(settings(this.ollama.url()).endpoint(OllamaEndpoint.EMBEDDINGS));

		List<float[]> vectors = model.embedDocuments(List.of("Title: Heat", "Title: Alien", "Title: Up"));

		assertThat(this.ollama.legacyRequests).hasValue(3);
		assertThat(vectors).allSatisfy((vector) -> assertThat(norm(vector)).isCloseTo(1.0, within(1e-5)));
	}

	@Test
	void unknownModelOnEmbedSaysHowToPullIt() {
		this.ollama.pulledModels.clear();

		assertThatThrownBy(() -> model(this.ollama.url()).embedDocuments(List.of("x")))
			.isInstanceOfSatisfying(EmbeddingException.class,
					(ex) -> assertThat(ex.kind()).isEqualTo(Kind.MISCONFIGURED))
			.hasMessage("Model 'nomic-embed-text' is not pulled: run `ollama pull nomic-embed-text`");
	}

	@Test
	void unknownModelOnOneTextEndpointSaysHowToPullIt() {
		this.ollama.pulledModels.clear();
		OllamaEmbeddingModel model = model(settings(this.ollama.url()).endpoint(OllamaEndpoint.EMBEDDINGS));

		assertThatThrownBy(() -> model.embedDocuments(List.of("x")))
			.hasMessage("Model 'nomic-embed-text' is not pulled: run `ollama pull nomic-embed-text`");
	}

	@Test
	void pullsAMissingModelWhenConfiguredTo() {
		this.ollama.pulledModels.clear();

		List<float[]> vectors = model(settings(this.ollama.url()).pullMissingModel(true)).embedDocuments(List.of("x"));

		assertThat(vectors).hasSize(1);
		assertThat(this.ollama.pulls).hasValue(1);
	}

	@Test
	void inputOverTheContextLengthIsRejectedInput() {
		this.ollama.script(400, FakeOllamaServer.error("the input length exceeds the context length"));

		assertThatThrownBy(() -> model(this.ollama.url()).embedDocuments(List.of("x")))
			.isInstanceOfSatisfying(EmbeddingException.class,
					(ex) -> assertThat(ex.kind()).isEqualTo(Kind.INPUT_REJECTED))
			.hasMessageContaining("the input length exceeds the context length");
	}

	@Test
	void nanFromOlderServersAs500IsRejectedInput() {
		this.ollama.script(500, FakeOllamaServer.error("failed to encode response: json: unsupported value: NaN"));

		assertThatThrownBy(() -> model(this.ollama.url()).embedDocuments(List.of("x"))).isInstanceOfSatisfying(
				EmbeddingException.class, (ex) -> assertThat(ex.kind()).isEqualTo(Kind.INPUT_REJECTED));
	}

	@Test
	void nanFromNewerServersAs400IsRejectedInput() {
		this.ollama.script(400, FakeOllamaServer.error("embedding contains NaN or Inf values"));

		assertThatThrownBy(() -> model(this.ollama.url()).embedDocuments(List.of("x"))).isInstanceOfSatisfying(
				EmbeddingException.class, (ex) -> assertThat(ex.kind()).isEqualTo(Kind.INPUT_REJECTED));
	}

	@Test
	void busyServerIsUnavailableForNow() {
		this.ollama.script(503,
				FakeOllamaServer.error("server busy, please try again.  maximum pending requests exceeded"));

		assertThatThrownBy(() -> model(this.ollama.url()).embedDocuments(List.of("x")))
			.isInstanceOfSatisfying(EmbeddingException.class, (ex) -> assertThat(ex.kind()).isEqualTo(Kind.UNAVAILABLE))
			.hasMessage("Ollama at %s is busy: server busy, please try again.  maximum pending requests exceeded",
					this.ollama.url());
	}

	@Test
	void crashedRunnerIsUnavailableForNow() {
		this.ollama.script(500, FakeOllamaServer.error("llama runner process has terminated: exit status 2"));

		assertThatThrownBy(() -> model(this.ollama.url()).embedDocuments(List.of("x")))
			.isInstanceOfSatisfying(EmbeddingException.class, (ex) -> assertThat(ex.kind()).isEqualTo(Kind.UNAVAILABLE))
			.hasMessageContaining("HTTP 500: llama runner process has terminated");
	}

	@Test
	void refusedConnectionSaysCannotConnect() throws IOException {
		String closed = closedPortUrl();

		assertThatThrownBy(() -> model(closed).embedDocuments(List.of("x")))
			.isInstanceOfSatisfying(EmbeddingException.class, (ex) -> assertThat(ex.kind()).isEqualTo(Kind.UNAVAILABLE))
			.hasMessage("Cannot connect to Ollama at " + closed + " (connection refused)");
	}

	@Test
	void slowServerTimesOutAsUnavailable() {
		this.ollama.timePerRequest = Duration.ofSeconds(3);

		assertThatThrownBy(
				() -> model(settings(this.ollama.url()).timeout(Duration.ofSeconds(1))).embedDocuments(List.of("x")))
			.isInstanceOfSatisfying(EmbeddingException.class, (ex) -> assertThat(ex.kind()).isEqualTo(Kind.UNAVAILABLE))
			.hasMessage("Ollama at %s did not answer within 1s (OLLAMA_TIMEOUT)", this.ollama.url());
	}

	@Test
	void answerWithTooFewVectorsIsRejected() {
		this.ollama.script(200, "{\"model\":\"nomic-embed-text\",\"embeddings\":[[0.6,0.8]]}");

		assertThatThrownBy(() -> model(settings(this.ollama.url()).dimension(2)).embedDocuments(List.of("a", "b")))
			.isInstanceOfSatisfying(EmbeddingException.class,
					(ex) -> assertThat(ex.kind()).isEqualTo(Kind.INPUT_REJECTED))
			.hasMessage("Model 'nomic-embed-text' answered 1 vectors for 2 inputs");
	}

	@Test
	void answerOfAnotherDimensionSaysHowToSwitchModels() {
		this.ollama.dimension = 384;

		assertThatThrownBy(() -> model(this.ollama.url()).embedDocuments(List.of("x")))
			.isInstanceOfSatisfying(EmbeddingException.class,
					(ex) -> assertThat(ex.kind()).isEqualTo(Kind.MISCONFIGURED))
			.hasMessageContaining("returns 384-dimensional vectors, but EMBEDDING_DIMENSION is 768")
			.hasMessageContaining("holds vector(768)")
			.hasMessageContaining("EMBEDDING_DIMENSION=384 and EMBEDDING_RESET_ON_DIMENSION_CHANGE=true");
	}

	@Test
	void serverWithoutTheBatchEndpointSuggestsTheOneTextEndpoint() {
		this.ollama.script(404, "404 page not found");

		assertThatThrownBy(() -> model(this.ollama.url()).embedDocuments(List.of("x")))
			.hasMessageContaining("has no /api/embed endpoint")
			.hasMessageContaining("OLLAMA_EMBED_ENDPOINT=embeddings");
	}

	@Test
	void keepsInputsWithinTheContext() {
		model(settings(this.ollama.url()).maxInputCharacters(50)).embedDocuments(List.of("x".repeat(500)));

		assertThat(this.ollama.embedRequests.getFirst().path("input").get(0).asString()).hasSize(50)
			.startsWith("search_document: xxx");
	}

	@Test
	void spreadsConcurrentBatchesOverEveryServer() throws IOException {
		try (FakeOllamaServer second = new FakeOllamaServer()) {
			this.ollama.timePerRequest = Duration.ofMillis(100);
			second.timePerRequest = Duration.ofMillis(100);
			OllamaEmbeddingModel model = model(this.ollama.url() + "," + second.url());

			List<CompletableFuture<List<float[]>>> batches = IntStream.range(0, 8)
				.mapToObj((i) -> CompletableFuture.supplyAsync(() -> model.embedDocuments(List.of("text " + i))))
				.toList();
			batches.forEach(CompletableFuture::join);

			assertThat(this.ollama.embedCalls()).isEqualTo(4);
			assertThat(second.embedCalls()).isEqualTo(4);
		}
	}

	@Test
	void movesOnToAnotherServerWhenOneRefusesConnections() throws IOException {
		OllamaEmbeddingModel model = model(closedPortUrl() + "," + this.ollama.url());

		assertThat(model.embedDocuments(List.of("x"))).hasSize(1);
		assertThat(model.embedDocuments(List.of("y"))).hasSize(1);
		assertThat(this.ollama.embedCalls()).isEqualTo(2);
	}

	@Test
	void healthShowsReachablePulledAndDimension() {
		Health health = model(this.ollama.url()).health();

		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("model", "nomic-embed-text").containsEntry("dimension", 768);
		assertThat(health.getDetails().get("servers").toString()).contains("reachable=true", "model_pulled=true",
				"embedding_length=768");
	}

	@Test
	void healthIsDownWhenTheModelIsNotPulled() {
		this.ollama.pulledModels.clear();

		Health health = model(this.ollama.url()).health();

		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("error",
				"Model 'nomic-embed-text' is not pulled: run `ollama pull nomic-embed-text`");
	}

	@Test
	void healthIsDownWhenNoServerAnswers() throws IOException {
		String closed = closedPortUrl();

		Health health = model(closed).health();

		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("error", "Cannot connect to Ollama at " + closed);
	}

	@Test
	void healthIsDownWhenTheModelHasAnotherDimension() {
		this.ollama.dimension = 1024;

		Health health = model(this.ollama.url()).health();

		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails().get("error").toString()).contains("returns 1024-dimensional vectors");
	}

	@Test
	void everyCallIsTimedByServerEndpointAndOutcomeAndFailoversAreCounted() throws IOException {
		String closed = closedPortUrl();
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		OllamaEmbeddingModel model = new OllamaEmbeddingModel(settings(closed + "," + this.ollama.url()).properties(),
				WebClient.builder(), meters);

		model.embedDocuments(List.of("Title: Heat"));
		model.embedDocuments(List.of("Title: Alien"));

		assertThat(meters.get("ollama.requests")
			.tags("host", closed, "uri", "/api/embed", "outcome", "unavailable")
			.timer()
			.count()).isOne();
		assertThat(meters.get("ollama.requests")
			.tags("host", this.ollama.url(), "uri", "/api/embed", "outcome", "success")
			.timer()
			.count()).isEqualTo(2);
		assertThat(meters.get("ollama.failovers").counter().count()).isOne();
	}

	static OllamaEmbeddingModel model(String hosts) {
		return model(settings(hosts));
	}

	static OllamaEmbeddingModel model(Settings settings) {
		return new OllamaEmbeddingModel(settings.properties(), WebClient.builder(), new SimpleMeterRegistry());
	}

	static Settings settings(String hosts) {
		return new Settings(hosts, 768, Duration.ofSeconds(10), OllamaEndpoint.EMBED, false, 0);
	}

	static String closedPortUrl() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return "http://127.0.0.1:" + socket.getLocalPort();
		}
	}

	private static double norm(float[] vector) {
		double sum = 0;
		for (float value : vector) {
			sum += value * value;
		}
		return Math.sqrt(sum);
	}

	static final Duration QUERY_WAIT = Duration.ofMillis(500);

	record Settings(String hosts, int dimension, Duration timeout, OllamaEndpoint endpoint, boolean pullMissingModel,
			int maxInputCharacters) {

		Settings dimension(int value) {
			return new Settings(this.hosts, value, this.timeout, this.endpoint, this.pullMissingModel,
					this.maxInputCharacters);
		}

		Settings timeout(Duration value) {
			return new Settings(this.hosts, this.dimension, value, this.endpoint, this.pullMissingModel,
					this.maxInputCharacters);
		}

		Settings endpoint(OllamaEndpoint value) {
			return new Settings(this.hosts, this.dimension, this.timeout, value, this.pullMissingModel,
					this.maxInputCharacters);
		}

		Settings pullMissingModel(boolean value) {
			return new Settings(this.hosts, this.dimension, this.timeout, this.endpoint, value,
					this.maxInputCharacters);
		}

		Settings maxInputCharacters(int value) {
			return new Settings(this.hosts, this.dimension, this.timeout, this.endpoint, this.pullMissingModel, value);
		}

		EmbeddingProperties properties() {
			return new EmbeddingProperties(EmbeddingProperties.Provider.OLLAMA, this.dimension, "", "", false,
					new EmbeddingProperties.Ollama(List.of(this.hosts.split(",")), FakeOllamaServer.MODEL, this.timeout,
							"30m", this.endpoint, this.pullMissingModel, this.maxInputCharacters, QUERY_WAIT,
							this.timeout),
					new EmbeddingProperties.Job(32, 4, false, true, Duration.ofSeconds(2), Duration.ofMinutes(2),
							Duration.ofSeconds(10),
							new EmbeddingProperties.Retry(8, Duration.ofSeconds(1), Duration.ofSeconds(30))),
					VectorStorage.VECTOR, EmbeddingProperties.OnnxModel.E5_SMALL_V2_Q, Duration.ofSeconds(5));
		}

	}

}
