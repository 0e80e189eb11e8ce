package dev.movies.embedding;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A failed query embedding is a 400 when the model refuses the text and a 503 the client
 * may retry otherwise, never the 500 of the system package's catch-all (which this
 * feature's handler must come before).
 */
@WebMvcTest(EmbeddingExceptionHandlerTests.QueryController.class)
@AutoConfigureMockMvc(addFilters = false)
@Import(EmbeddingExceptionHandlerTests.QueryController.class)
class EmbeddingExceptionHandlerTests {

	@Autowired
	MockMvcTester mvc;

	@Test
	void aRefusedTextIsTheClientsBadRequestNamingTheText() {
		assertThat(this.mvc.get().uri("/test/embed?kind=INPUT_REJECTED")).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.hasPathSatisfying("$.title", (v) -> v.assertThat().isEqualTo("Invalid request"))
			.hasPathSatisfying("$.detail",
					(v) -> v.assertThat().isEqualTo("The embedding model refused the text: model says INPUT_REJECTED"))
			.hasPathSatisfying("$.errors[0].parameter", (v) -> v.assertThat().isEqualTo("text"))
			.hasPathSatisfying("$.errors[0].message",
					(v) -> v.assertThat().isEqualTo("was refused by the embedding model"));
	}

	@Test
	void aBusyModelIsA503RetriedSoon() {
		assertThat(this.mvc.get().uri("/test/embed?kind=UNAVAILABLE")).hasStatus(HttpStatus.SERVICE_UNAVAILABLE)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.hasHeader("Retry-After", "5")
			.bodyJson()
			.hasPathSatisfying("$.title", (v) -> v.assertThat().isEqualTo("Embedding model unavailable"))
			.hasPathSatisfying("$.detail", (v) -> v.assertThat()
				.isEqualTo("The embedding model is busy or unreachable right now; try again shortly"));
	}

	@Test
	void aMisconfiguredModelIsA503RetriedLater() {
		assertThat(this.mvc.get().uri("/test/embed?kind=MISCONFIGURED")).hasStatus(HttpStatus.SERVICE_UNAVAILABLE)
			.hasHeader("Retry-After", "60")
			.bodyJson()
			.hasPathSatisfying("$.detail", (v) -> v.assertThat()
				.isEqualTo("The embedding model is not usable: the operator has to fix its configuration"));
	}

	@Test
	void aModelAnsweringNoUsableVectorIsA503NotTheTextsFault() {
		for (String answer : new String[] { "count", "nan", "zero" }) {
			assertThat(this.mvc.get().uri("/test/answer?answer={a}", answer)).as(answer)
				.hasStatus(HttpStatus.SERVICE_UNAVAILABLE)
				.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
				.hasHeader("Retry-After", "60")
				.bodyJson()
				.hasPathSatisfying("$.title", (v) -> v.assertThat().isEqualTo("Embedding model unavailable"))
				.doesNotHavePath("$.errors");
		}
	}

	@RestController
	static class QueryController {

		@GetMapping("/test/answer")
		String answer(@RequestParam String answer) {
			List<float[]> vectors = switch (answer) {
				case "count" -> List.of();
				case "nan" -> List.of(new float[] { Float.NaN, 0 });
				default -> List.of(new float[2]);
			};
			Vectors.check("all-minilm", vectors, 1, 2);
			return "checked";
		}

		@GetMapping("/test/embed")
		String embed(@RequestParam EmbeddingException.Kind kind) {
			throw new EmbeddingException(kind, "model says " + kind, null);
		}

	}

}
