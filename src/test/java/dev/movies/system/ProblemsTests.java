package dev.movies.system;

import java.util.List;
import java.util.Map;

import dev.movies.system.InvalidRequestException.FieldError;
import org.junit.jupiter.api.Test;

import org.springframework.http.ProblemDetail;

import static org.assertj.core.api.Assertions.assertThat;

/** The one place the 400 and 503 bodies are built, without Spring. */
class ProblemsTests {

	@Test
	void theDetailNamesTheFirstBadParameterAndCountsTheOthers() {
		FieldError limit = new FieldError("limit", "must be between 1 and 100", 0);
		FieldError offset = new FieldError("offset", "must be between 0 and 10000", -1);
		FieldError metric = new FieldError("distance_metric", "must be one of cosine, l2, inner_product", "x");

		assertThat(Problems.summary(List.of(limit))).isEqualTo("Parameter 'limit' must be between 1 and 100");
		assertThat(Problems.summary(List.of(limit, offset, metric)))
			.isEqualTo("Parameter 'limit' must be between 1 and 100 (and 2 more)");
		assertThat(Problems.summary(List.of())).isEqualTo("The request is not valid");
		assertThat(new InvalidRequestException(List.of(limit, offset)).getMessage())
			.isEqualTo(Problems.summary(List.of(limit, offset)));
	}

	@Test
	void aBadRequestListsEveryParameterWithItsRejectedValueAsText() {
		ProblemDetail body = Problems.invalid(
				List.of(new FieldError("limit", "must be between 1 and 100", 0), new FieldError("liked", "x", null)));

		assertThat(body.getStatus()).isEqualTo(400);
		assertThat(body.getTitle()).isEqualTo("Invalid request");
		assertThat(body.getDetail()).isEqualTo("Parameter 'limit' must be between 1 and 100 (and 1 more)");
		assertThat(body.getProperties()).containsKey("errors");
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> errors = (List<Map<String, Object>>) body.getProperties().get("errors");
		assertThat(errors).hasSize(2);
		assertThat(errors.get(0)).containsExactly(Map.entry("parameter", "limit"),
				Map.entry("message", "must be between 1 and 100"), Map.entry("rejected_value", "0"));
		assertThat(errors.get(1)).containsEntry("rejected_value", null);
	}

	@Test
	void anUnavailableDependencyIsA503WithItsTitle() {
		ProblemDetail body = Problems.unavailable("Database unavailable", "try again shortly");
		assertThat(body.getStatus()).isEqualTo(503);
		assertThat(body.getTitle()).isEqualTo("Database unavailable");
		assertThat(body.getDetail()).isEqualTo("try again shortly");
	}

}
