package dev.movies.embedding;

import java.util.List;

/**
 * Checks every model answer before it reaches the database: count, dimension, finite
 * values.
 */
final class Vectors {

	private Vectors() {
	}

	static void check(String model, List<float[]> vectors, int inputs, int dimension) {
		if (vectors.size() != inputs) {
			throw EmbeddingException
				.inputRejected("Model '%s' answered %d vectors for %d inputs".formatted(model, vectors.size(), inputs));
		}
		for (int i = 0; i < vectors.size(); i++) {
			float[] vector = vectors.get(i);
			if (vector == null || vector.length != dimension) {
				throw dimensionMismatch(model, vector == null ? 0 : vector.length, dimension);
			}
			for (float value : vector) {
				if (!Float.isFinite(value)) {
					throw EmbeddingException
						.inputRejected("Model '%s' returned a vector with NaN or infinite values".formatted(model));
				}
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
	 * Scales to unit length in place (the old /api/embeddings endpoint does not
	 * normalise).
	 */
	static float[] normalize(float[] vector) {
		double sum = 0;
		for (float value : vector) {
			sum += (double) value * value;
		}
		if (sum == 0 || !Double.isFinite(sum)) {
			return vector;
		}
		float scale = (float) (1 / Math.sqrt(sum));
		for (int i = 0; i < vector.length; i++) {
			vector[i] *= scale;
		}
		return vector;
	}

}
