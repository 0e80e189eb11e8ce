package dev.movies.web;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The two principal axes of a set of vectors (PCA), found by subspace iteration:
 * repeatedly multiply two vectors by the sample's covariance (as {@code Xᵀ(X v)}, never
 * forming the d×d matrix) and re-orthonormalise them. Each round costs O(n·d); the
 * covariance matrix would cost O(n·d²).
 */
final class Projection {

	/** Enough for a map: past this the axes turn by less than a pixel's worth. */
	private static final int MAX_ROUNDS = 50;

	private static final double CONVERGED = 1e-6;

	private final float[] mean;

	private final double[] first;

	private final double[] second;

	private Projection(float[] mean, double[] first, double[] second) {
		this.mean = mean;
		this.first = first;
		this.second = second;
	}

	/**
	 * Fits the axes to a sample of vectors, all of one dimension; a fixed seed keeps maps
	 * stable.
	 */
	static Projection fit(List<float[]> sample) {
		if (sample.isEmpty()) {
			throw new IllegalArgumentException("no vectors to fit");
		}
		int d = sample.get(0).length;
		float[] mean = new float[d];
		double[] sum = new double[d];
		for (float[] v : sample) {
			for (int i = 0; i < d; i++) {
				sum[i] += v[i];
			}
		}
		for (int i = 0; i < d; i++) {
			mean[i] = (float) (sum[i] / sample.size());
		}
		SplittableRandom random = new SplittableRandom(42);
		double[] a = randomUnit(d, random);
		double[] b = randomUnit(d, random);
		orthonormalise(a, b);
		for (int round = 0; round < MAX_ROUNDS; round++) {
			double[] nextA = new double[d];
			double[] nextB = new double[d];
			for (float[] v : sample) {
				double pa = 0;
				double pb = 0;
				for (int i = 0; i < d; i++) {
					double c = v[i] - mean[i];
					pa += c * a[i];
					pb += c * b[i];
				}
				for (int i = 0; i < d; i++) {
					double c = v[i] - mean[i];
					nextA[i] += c * pa;
					nextB[i] += c * pb;
				}
			}
			orthonormalise(nextA, nextB);
			double change = Math.min(1 - Math.abs(dot(a, nextA)), 1) + Math.min(1 - Math.abs(dot(b, nextB)), 1);
			a = nextA;
			b = nextB;
			if (change < CONVERGED) {
				break;
			}
		}
		return new Projection(mean, orient(a), orient(b));
	}

	/** The vector's coordinates on the two axes: {x, y}. */
	double[] project(float[] vector) {
		double x = 0;
		double y = 0;
		for (int i = 0; i < this.mean.length; i++) {
			double c = vector[i] - this.mean[i];
			x += c * this.first[i];
			y += c * this.second[i];
		}
		return new double[] { x, y };
	}

	int dimension() {
		return this.mean.length;
	}

	private static double[] randomUnit(int d, SplittableRandom random) {
		double[] v = new double[d];
		for (int i = 0; i < d; i++) {
			v[i] = random.nextDouble() - 0.5;
		}
		scale(v, 1 / Math.sqrt(dot(v, v)));
		return v;
	}

	/** Gram-Schmidt: a unit length, b unit length and orthogonal to a. */
	private static void orthonormalise(double[] a, double[] b) {
		scale(a, 1 / Math.max(Math.sqrt(dot(a, a)), Double.MIN_NORMAL));
		double along = dot(a, b);
		for (int i = 0; i < b.length; i++) {
			b[i] -= along * a[i];
		}
		scale(b, 1 / Math.max(Math.sqrt(dot(b, b)), Double.MIN_NORMAL));
	}

	/**
	 * An axis has no sign of its own; fixing one keeps the map from flipping between
	 * recomputations.
	 */
	private static double[] orient(double[] axis) {
		double total = 0;
		for (double value : axis) {
			total += value;
		}
		if (total < 0) {
			scale(axis, -1);
		}
		return axis;
	}

	private static double dot(double[] a, double[] b) {
		double sum = 0;
		for (int i = 0; i < a.length; i++) {
			sum += a[i] * b[i];
		}
		return sum;
	}

	private static void scale(double[] v, double factor) {
		for (int i = 0; i < v.length; i++) {
			v[i] *= factor;
		}
	}

}
