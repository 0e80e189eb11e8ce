package dev.movies.embedding;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;

/**
 * A deterministic stand-in for a real embedding model in tests: a hashed bag of words,
 * normalised to unit length. Texts sharing words are similar, so text queries are
 * testable without a model.
 */
public class HashingEmbeddingModel implements EmbeddingModel {

	private final int dimension;

	public HashingEmbeddingModel(int dimension) {
		this.dimension = dimension;
	}

	@Override
	public List<float[]> embedDocuments(List<String> texts) {
		return texts.stream().map(this::embed).toList();
	}

	@Override
	public float[] embedQuery(String text) {
		return embed(text);
	}

	public float[] embed(String text) {
		float[] vector = new float[this.dimension];
		for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
			if (!word.isEmpty()) {
				CRC32 crc = new CRC32();
				crc.update(word.getBytes(StandardCharsets.UTF_8));
				long hash = crc.getValue();
				vector[(int) (hash % this.dimension)] += ((hash >> 20) & 1) == 0 ? 1 : -1;
			}
		}
		return normalise(vector);
	}

	/**
	 * The vector scaled to unit length; the first axis for an all-zero vector (a text of
	 * no words).
	 */
	public static float[] normalise(float[] vector) {
		double norm = 0;
		for (float value : vector) {
			norm += value * value;
		}
		float[] unit = new float[vector.length];
		if (norm == 0) {
			unit[0] = 1;
			return unit;
		}
		for (int i = 0; i < vector.length; i++) {
			unit[i] = (float) (vector[i] / Math.sqrt(norm));
		}
		return unit;
	}

	@Override
	public String name() {
		return "hashing-test-model";
	}

	@Override
	public int dimension() {
		return this.dimension;
	}

}
