package dev.movies.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ProjectionTests {

	@Test
	void findsTheDirectionsOfGreatestSpreadWhateverTheirAxes() {
		// 8-D points spread mostly along (1,1,0,...) and less along (0,0,1,-1,0,...),
		// plus noise
		Random random = new Random(1);
		double[] first = unit(new double[] { 1, 1, 0, 0, 0, 0, 0, 0 });
		double[] second = unit(new double[] { 0, 0, 1, -1, 0, 0, 0, 0 });
		List<float[]> points = new ArrayList<>();
		for (int i = 0; i < 2_000; i++) {
			double a = random.nextGaussian() * 10;
			double b = random.nextGaussian() * 4;
			float[] v = new float[8];
			for (int d = 0; d < 8; d++) {
				v[d] = (float) (5 + a * first[d] + b * second[d] + random.nextGaussian() * 0.3);
			}
			points.add(v);
		}
		Projection projection = Projection.fit(points);

		// projecting the mean gives the origin; a step along each axis moves one
		// coordinate only
		float[] mean = new float[8];
		java.util.Arrays.fill(mean, 5);
		assertThat(projection.project(mean)[0]).isCloseTo(0, within(0.5));
		double[] alongFirst = projection.project(offset(mean, first, 10));
		double[] alongSecond = projection.project(offset(mean, second, 10));
		assertThat(Math.abs(alongFirst[0])).isCloseTo(10, within(0.3));
		assertThat(Math.abs(alongFirst[1])).isLessThan(0.5);
		assertThat(Math.abs(alongSecond[1])).isCloseTo(10, within(0.3));
		assertThat(Math.abs(alongSecond[0])).isLessThan(0.5);
	}

	@Test
	void theSameVectorsGiveTheSameMapEveryTime() {
		Random random = new Random(2);
		List<float[]> points = new ArrayList<>();
		for (int i = 0; i < 300; i++) {
			float[] v = new float[16];
			for (int d = 0; d < 16; d++) {
				v[d] = (float) random.nextGaussian() * (d + 1);
			}
			points.add(v);
		}
		assertThat(Projection.fit(points).project(points.get(7)))
			.containsExactly(Projection.fit(points).project(points.get(7)));
	}

	@Test
	void gridCoordinatesPinOutliersToTheEdges() {
		double[] values = new double[1_000];
		for (int i = 0; i < values.length; i++) {
			values[i] = i;
		}
		values[999] = 1e9;
		int[] grid = CatalogueMap.toGrid(values);
		assertThat(grid[0]).isZero();
		assertThat(grid[999]).isEqualTo(CatalogueMap.GRID);
		// the outlier does not squash the rest into a corner
		assertThat(grid[500]).isBetween(4_000, 6_000);
	}

	private static double[] unit(double[] v) {
		double norm = Math.sqrt(java.util.Arrays.stream(v).map((x) -> x * x).sum());
		return java.util.Arrays.stream(v).map((x) -> x / norm).toArray();
	}

	private static float[] offset(float[] base, double[] direction, double distance) {
		float[] v = base.clone();
		for (int d = 0; d < v.length; d++) {
			v[d] += (float) (direction[d] * distance);
		}
		return v;
	}

}
