package dev.movies.embedding;

import java.util.List;

/**
 * Checks every model answer before it reaches the database: count, dimension, finite
 * values, a length that is not (near) zero. A model answering otherwise is at fault, not
 * the text: a query gets a 503 ({@link UnusableAnswerException}), never a 400 naming
 * {@code text}.
 */
final class Vectors {

	/**
	 * Below this length a vector has no direction: its cosine similarity is NaN
	 * (pgvector) and every movie is equally near. Real models answer lengths near 1 (or,
	 * unnormalised, well above it).
	 */
	static final double MIN_NORM = 1e-6;

	private Vectors() {
	}

	static void check(String model, List<float[]> vectors, int inputs, int dimension) {
		if (vectors.size() != inputs) {
			throw new UnusableAnswerException(
					"Model '%s' answered %d vectors for %d inputs".formatted(model, vectors.size(), inputs));
		}
		for (int i = 0; i < vectors.size(); i++) {
			float[] vector = vectors.get(i);
			if (vector == null || vector.length != dimension) {
				throw dimensionMismatch(model, vector == null ? 0 : vector.length, dimension);
			}
			double sum = 0;
			for (float value : vector) {
				if (!Float.isFinite(value)) {
					throw new UnusableAnswerException(
							"Model '%s' returned a vector with NaN or infinite values".formatted(model));
				}
				sum += (double) value * value;
			}
			if (!(Math.sqrt(sum) >= MIN_NORM)) {
				// Not one input's fault: a model answering zero vectors answers them for
				// every text, so the backfill stops here with this as its last_error
				throw EmbeddingException.misconfigured(("Model '%s' returned a zero vector (length %.1e): it is "
						+ "not working. Check the model (for Ollama: `ollama run %s` and its logs), then run the "
						+ "backfill again: POST /actuator/embeddings")
					.formatted(model, Math.sqrt(sum), model));
			}
		}
	}

	static EmbeddingException dimensionMismatch(String model, int returned, int configured) {
		return EmbeddingException.misconfigured(("Model '%s' returns %d-dimensional vectors, but "
				+ "EMBEDDING_DIMENSION is %d and the movie_embeddings.embedding column holds vector(%d). To switch "
				+ "to this model set EMBEDDING_DIMENSION=%d and EMBEDDING_RESET_ON_DIMENSION_CHANGE=true, restart "
				+ "(stored vectors are deleted and the column retyped), then run the backfill: "
				+ "POST /actuator/embeddings. Otherwise configure the model the stored vectors came from.")
			.formatted(model, returned, configured, configured, returned));
	}

	/**
	 * The model answered something no vector can be made of (too few vectors, NaN):
	 * isolated in the backfill like a rejected input, but a 503 for a query, whose text
	 * is not to blame.
	 */
	static final class UnusableAnswerException extends EmbeddingException {

		UnusableAnswerException(String message) {
			super(Kind.INPUT_REJECTED, message, null);
		}

	}

	/**
	 * Scales to unit length in place (the old /api/embeddings endpoint does not
	 * normalise).
	 */
	static float[] normalize(float[] vector) {
		double sum = 0;
		for (float value : vector) {
			sum += (double) value * value;
		}
		if (Math.sqrt(sum) < MIN_NORM || !Double.isFinite(sum)) {
			// left as it is for check to reject: scaled up it would look like a vector
			return vector;
		}
		float scale = (float) (1 / Math.sqrt(sum));
		for (int i = 0; i < vector.length; i++) {
			vector[i] *= scale;
		}
		return vector;
	}

}
