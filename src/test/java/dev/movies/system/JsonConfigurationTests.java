package dev.movies.system;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A non-finite number (the similarity of a zero vector is NaN) is written as JSON
 * {@code null}, never as the string {@code "NaN"} that clients fail to format.
 */
@WebMvcTest(JsonConfigurationTests.NumbersController.class)
@AutoConfigureMockMvc(addFilters = false)
@Import({ JsonConfiguration.class, JsonConfigurationTests.NumbersController.class })
class JsonConfigurationTests {

	@Autowired
	MockMvcTester mvc;

	@Test
	void nonFiniteNumbersAreNullAndFiniteOnesNumbers() {
		assertThat(this.mvc.get().uri("/test/numbers")).hasStatusOk()
			.bodyText()
			.isEqualTo("{\"similarity_score\":null,\"distance\":null,\"boxed\":null,\"ratio\":null,"
					+ "\"score\":0.25,\"rating\":7.5}");
	}

	record Numbers(double similarityScore, double distance, Double boxed, float ratio, double score, Float rating) {
	}

	@RestController
	static class NumbersController {

		@GetMapping("/test/numbers")
		Numbers numbers() {
			return new Numbers(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Float.NaN, 0.25, 7.5f);
		}

	}

}
