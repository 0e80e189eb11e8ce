package dev.movies.embedding;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.movies.embedding.EmbeddingException.Kind;
import dev.movies.embedding.EmbeddingJobRepository.Failure;
import dev.movies.vector.NewVector;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatchEmbedderTests {

	private final FakeEmbeddingModel model = new FakeEmbeddingModel();

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final List<String> retries = new ArrayList<>();

	private final List<Duration> pauses = new ArrayList<>();

	private final BatchEmbedder.RetryGate gate = (reason, pause) -> {
		this.retries.add(reason);
		this.pauses.add(pause);
	};

	@Test
	void embedsEveryInputInOneCall() {
		BatchEmbedder.Result result = embedder(3).embed(inputs("Alien", "Heat", "Up"), this.gate);

		assertThat(result.embedded()).extracting(NewVector::movieId).containsExactly(0L, 1L, 2L);
		assertThat(result.embedded().get(1).vector()).isEqualTo(this.model.vectorFor("Title: Heat"));
		assertThat(result.failures()).isEmpty();
		assertThat(this.model.calls).hasValue(1);
	}

	@Test
	void isolatesTheRejectedInputAndEmbedsTheRest() {
		this.model.rejects = (text) -> text.contains("Poison");

		BatchEmbedder.Result result = embedder(3).embed(inputs("Alien", "Heat", "Poison", "Up", "Ran"), this.gate);

		assertThat(result.embedded()).extracting(NewVector::movieId).containsExactly(0L, 1L, 3L, 4L);
		assertThat(result.failures()).extracting(Failure::movieId).containsExactly(2L);
		assertThat(result.failures().getFirst().reason()).contains("exceeds the context length");
		assertThat(this.retries).isEmpty();
	}

	@Test
	void retriesAPassingFailureWithGrowingPauses() {
		this.model.transientFailures.set(3);

		BatchEmbedder.Result result = embedder(5).embed(inputs("Alien"), this.gate);

		assertThat(result.embedded()).hasSize(1);
		assertThat(this.retries).hasSize(3).first().asString().contains("server busy", "attempt 1 of 5");
		assertThat(this.pauses.get(0)).isBetween(Duration.ofMillis(100), Duration.ofMillis(125));
		assertThat(this.pauses.get(1)).isBetween(Duration.ofMillis(200), Duration.ofMillis(250));
		assertThat(this.pauses.get(2)).isBetween(Duration.ofMillis(300), Duration.ofMillis(375));
		assertThat(this.meters.get("movies.embedding.retries").counter().count()).isEqualTo(3);
		assertThat(this.meters.get("movies.embedding.model.calls").timer().count()).isEqualTo(4);
	}

	@Test
	void givesUpAfterTheLastAttempt() {
		this.model.transientFailures.set(10);

		assertThatThrownBy(() -> embedder(3).embed(inputs("Alien"), this.gate)).isInstanceOf(EmbeddingException.class)
			.satisfies((ex) -> assertThat(((EmbeddingException) ex).kind()).isEqualTo(Kind.UNAVAILABLE));
		assertThat(this.retries).hasSize(2);
	}

	@Test
	void aMisconfiguredModelIsNeverRetried() {
		this.model.failure = EmbeddingException.misconfigured("Model 'x' is not pulled");

		assertThatThrownBy(() -> embedder(5).embed(inputs("Alien", "Heat"), this.gate))
			.hasMessage("Model 'x' is not pulled");
		assertThat(this.retries).isEmpty();
		assertThat(this.model.calls).hasValue(1);
	}

	@Test
	void theGateCanStopTheRetries() {
		this.model.transientFailures.set(10);
		BatchEmbedder.RetryGate stop = (reason, pause) -> {
			throw new IllegalStateException("stopped");
		};

		assertThatThrownBy(() -> embedder(5).embed(inputs("Alien"), stop)).hasMessage("stopped");
		assertThat(this.model.calls).hasValue(1);
	}

	private BatchEmbedder embedder(int maxAttempts) {
		return new BatchEmbedder(this.model,
				new EmbeddingProperties.Retry(maxAttempts, Duration.ofMillis(100), Duration.ofMillis(300)),
				this.meters);
	}

	private static List<BatchEmbedder.Input> inputs(String... titles) {
		List<BatchEmbedder.Input> inputs = new ArrayList<>();
		for (int i = 0; i < titles.length; i++) {
			inputs.add(new BatchEmbedder.Input(i, "Title: " + titles[i], new byte[] { (byte) i }));
		}
		return inputs;
	}

}
