package dev.movies.recommendation;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.jayway.jsonpath.JsonPath;

import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** Reads the recommendation endpoints' answers in the MockMvc tests. */
final class RecommendationAnswers {

	private RecommendationAnswers() {
	}

	static String body(MvcTestResult result) {
		return new String(result.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8);
	}

	/** The ids of an answer's movies, in its order. */
	static List<Long> ids(String json) {
		List<Number> ids = JsonPath.read(json, "$.movies[*].id");
		return ids.stream().map(Number::longValue).toList();
	}

}
