package dev.movies.embedding;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import dev.movies.embedding.EmbeddingJobRepository.Failure;
import dev.movies.vector.NewVector;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Embeds one backfill page's documents: retries a model that is away for a passing reason
 * with jittered exponential back-off, and isolates the inputs the model rejects so the
 * rest of the page is embedded.
 */
final class BatchEmbedder {

	private final EmbeddingModel model;

	private final EmbeddingProperties.Retry retry;

	private final Counter retries;

	private final Timer modelCalls;

	BatchEmbedder(EmbeddingModel model, EmbeddingProperties.Retry retry, MeterRegistry meters) {
		this.model = model;
		this.retry = retry;
		this.retries = Counter.builder("movies.embedding.retries")
			.description("Model calls retried after a passing failure")
			.register(meters);
		this.modelCalls = Timer.builder("movies.embedding.model.calls")
			.description("Calls to the embedding model, one per batch")
			.tag("model", model.name())
			.register(meters);
	}

	/**
	 * One vector per input, or the reason the model rejected it.
	 * @throws EmbeddingException when the model stays away after every attempt, or is
	 * misconfigured
	 */
	Result embed(List<Input> batch, RetryGate gate) {
		Result result = new Result(new ArrayList<>(batch.size()), new ArrayList<>());
		embedIsolatingFailures(batch, gate, result);
		return result;
	}

	/**
	 * One input the model rejects fails its whole batch, so a rejected batch is split in
	 * halves until the culprit stands alone and is recorded; the rest are embedded.
	 */
	private void embedIsolatingFailures(List<Input> batch, RetryGate gate, Result result) {
		if (batch.isEmpty()) {
			return;
		}
		List<float[]> vectors;
		try {
			vectors = embedWithRetry(batch.stream().map(Input::text).toList(), gate);
		}
		catch (EmbeddingException ex) {
			if (ex.kind() != EmbeddingException.Kind.INPUT_REJECTED) {
				throw ex;
			}
			if (batch.size() == 1) {
				result.failures().add(new Failure(batch.getFirst().movieId(), ex.getMessage()));
				return;
			}
			int half = batch.size() / 2;
			embedIsolatingFailures(batch.subList(0, half), gate, result);
			embedIsolatingFailures(batch.subList(half, batch.size()), gate, result);
			return;
		}
		for (int i = 0; i < batch.size(); i++) {
			result.embedded().add(new NewVector(batch.get(i).movieId(), vectors.get(i), batch.get(i).hash()));
		}
	}

	private List<float[]> embedWithRetry(List<String> texts, RetryGate gate) {
		Duration backoff = this.retry.initialBackoff();
		for (int attempt = 1;; attempt++) {
			long start = System.nanoTime();
			try {
				return this.model.embedDocuments(texts);
			}
			catch (EmbeddingException ex) {
				if (ex.kind() != EmbeddingException.Kind.UNAVAILABLE || attempt >= this.retry.maxAttempts()) {
					throw ex;
				}
				this.retries.increment();
				gate.beforeRetry(
						"%s (attempt %d of %d, retrying in %d ms)".formatted(ex.getMessage(), attempt,
								this.retry.maxAttempts(), backoff.toMillis()),
						backoff.plusMillis(ThreadLocalRandom.current().nextLong(backoff.toMillis() / 4 + 1)));
				backoff = min(backoff.multipliedBy(2), this.retry.maxBackoff());
			}
			finally {
				this.modelCalls.record(Duration.ofNanos(System.nanoTime() - start));
			}
		}
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

	/** A movie's document text to embed, and its hash to store beside the vector. */
	record Input(long movieId, String text, byte[] hash) {
	}

	record Result(List<NewVector> embedded, List<Failure> failures) {
	}

	/**
	 * Between two attempts: records why and waits {@code pause}; throws to give up (the
	 * job stopped or the instance shuts down).
	 */
	@FunctionalInterface
	interface RetryGate {

		void beforeRetry(String reason, Duration pause);

	}

}
