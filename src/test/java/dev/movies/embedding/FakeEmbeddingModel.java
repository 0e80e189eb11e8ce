package dev.movies.embedding;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A deterministic stand-in model for job tests: the same text always gives the same unit
 * vector; it counts what it embedded by movie title, and can be made slow, flaky or
 * picky.
 */
public class FakeEmbeddingModel implements EmbeddingModel {

	static final int DIMENSION = 384;

	final Map<String, AtomicInteger> embeddedTitles = new ConcurrentHashMap<>();

	final AtomicInteger calls = new AtomicInteger();

	final AtomicInteger transientFailures = new AtomicInteger();

	volatile Duration delay = Duration.ZERO;

	volatile Predicate<String> rejects = (text) -> false;

	volatile String name = "fake-model";

	volatile EmbeddingException failure;

	@Override
	public List<float[]> embedDocuments(List<String> texts) {
		this.calls.incrementAndGet();
		if (this.failure != null) {
			throw this.failure;
		}
		if (this.transientFailures.getAndUpdate((n) -> Math.max(0, n - 1)) > 0) {
			throw EmbeddingException.unavailable("Ollama at http://fake is busy: server busy, please try again", null);
		}
		sleep(this.delay);
		if (texts.stream().anyMatch(this.rejects)) {
			throw EmbeddingException
				.inputRejected("Ollama at http://fake rejected the input: the input length exceeds the context length");
		}
		List<float[]> vectors = new ArrayList<>(texts.size());
		for (String text : texts) {
			this.embeddedTitles.computeIfAbsent(title(text), (t) -> new AtomicInteger()).incrementAndGet();
			vectors.add(vectorFor(text));
		}
		return vectors;
	}

	@Override
	public float[] embedQuery(String text) {
		return vectorFor(text);
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public int dimension() {
		return DIMENSION;
	}

	int timesEmbedded(String title) {
		AtomicInteger count = this.embeddedTitles.get(title);
		return (count != null) ? count.get() : 0;
	}

	int totalEmbedded() {
		return this.embeddedTitles.values().stream().mapToInt(AtomicInteger::get).sum();
	}

	public void reset() {
		this.embeddedTitles.clear();
		this.calls.set(0);
		this.transientFailures.set(0);
		this.delay = Duration.ZERO;
		this.rejects = (text) -> false;
		this.name = "fake-model";
		this.failure = null;
	}

	static float[] vectorFor(String text) {
		Random random = new Random(text.hashCode());
		float[] vector = new float[DIMENSION];
		for (int i = 0; i < DIMENSION; i++) {
			vector[i] = (float) random.nextGaussian();
		}
		return Vectors.normalize(vector);
	}

	static String title(String text) {
		int end = text.indexOf(" | ");
		return text.substring("Title: ".length(), (end < 0) ? text.length() : end);
	}

	private static void sleep(Duration duration) {
		if (duration.isZero()) {
			return;
		}
		try {
			Thread.sleep(duration);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
