package dev.movies.recommendation;

import java.util.List;

/**
 * The vector maths that turns several examples into a query: Rocchio's mean for the
 * {@code average} strategy, the best match for {@code best_score}. Vectors are unit
 * length.
 */
final class QueryVectors {

	private QueryVectors() {
	}

	/**
	 * {@code normalise(mean(positives) - gamma * mean(negatives))}, or null when that is
	 * ~0.
	 */
	static float[] rocchio(List<float[]> positives, List<float[]> negatives, double gamma) {
		int dimension = positives.getFirst().length;
		double[] sum = new double[dimension];
		for (float[] vector : positives) {
			for (int i = 0; i < dimension; i++) {
				sum[i] += vector[i] / (double) positives.size();
			}
		}
		for (float[] vector : negatives) {
			for (int i = 0; i < dimension; i++) {
				sum[i] -= gamma * vector[i] / negatives.size();
			}
		}
		double norm = 0;
		for (double value : sum) {
			norm += value * value;
		}
		norm = Math.sqrt(norm);
		if (norm < 1e-6) {
			return null;
		}
		float[] query = new float[dimension];
		for (int i = 0; i < dimension; i++) {
			query[i] = (float) (sum[i] / norm);
		}
		return query;
	}

	/** The highest inner product of {@code vector} with any of {@code others}. */
	static double best(float[] vector, List<float[]> others) {
		double best = Double.NEGATIVE_INFINITY;
		for (float[] other : others) {
			best = Math.max(best, Ranker.dot(vector, other));
		}
		return best;
	}

}
