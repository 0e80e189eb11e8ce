package dev.movies.recommendation;

import java.util.Arrays;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The metrics of the original API, each with its pgvector operator and the API's
 * similarity score. Stored vectors are unit length, so all three rank movies in the same
 * order as the negative inner product: searches always order by {@code <#>} (one index
 * serves every metric) and the requested metric's operator only computes the displayed
 * distance.
 */
public enum DistanceMetric {

	COSINE("cosine", "<=>") {
		@Override
		public double similarity(double distance) {
			return 1 - distance;
		}
	},

	L2("l2", "<->") {
		@Override
		public double similarity(double distance) {
			return 1 / (1 + distance);
		}
	},

	INNER_PRODUCT("inner_product", "<#>") {
		@Override
		public double similarity(double distance) {
			// pgvector's <#> is the negative inner product
			return -distance;
		}
	};

	private final String apiName;

	private final String operator;

	DistanceMetric(String apiName, String operator) {
		this.apiName = apiName;
		this.operator = operator;
	}

	/**
	 * The score the API reports for a pgvector distance of this metric: higher is more
	 * similar.
	 */
	public abstract double similarity(double distance);

	/**
	 * This metric's distance between two unit vectors whose inner product is {@code dot}.
	 */
	double distanceOfUnitVectors(double dot) {
		return switch (this) {
			case COSINE -> 1 - dot;
			case L2 -> Math.sqrt(Math.max(0, 2 - 2 * dot));
			case INNER_PRODUCT -> -dot;
		};
	}

	@JsonValue
	public String apiName() {
		return this.apiName;
	}

	/**
	 * The pgvector operator: formatted into SQL only from this enum, never from input.
	 */
	String operator() {
		return this.operator;
	}

	/**
	 * The metric of an API name (any case, blank for cosine).
	 * @throws IllegalArgumentException naming the accepted values, for any other
	 */
	static DistanceMetric parse(String value) {
		if (value == null || value.isBlank()) {
			return COSINE;
		}
		String wanted = value.trim().toLowerCase(Locale.ROOT);
		return Arrays.stream(values())
			.filter((metric) -> metric.apiName.equals(wanted))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("must be one of cosine, l2, inner_product"));
	}

	@Override
	public String toString() {
		return this.apiName;
	}

}
