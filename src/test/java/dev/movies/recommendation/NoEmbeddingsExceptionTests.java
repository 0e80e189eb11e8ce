package dev.movies.recommendation;

import java.util.List;

import dev.movies.IntegrationTest;
import dev.movies.TestData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;

@IntegrationTest
class NoEmbeddingsExceptionTests {

	@Autowired
	MockMvcTester mvc;

	@Autowired
	TestData data;

	long movieId;

	@BeforeEach
	void setUp() {
		this.data.reset();
		this.movieId = this.data.insertMovie(1, "Inception", 2010, 8.8, List.of("Action"), "Dreams.");
	}

	@Test
	void movieSearchIs503UntilTheBackfillHasRun() {
		assertThat(this.mvc.get().uri("/api/recommendations/movie/{id}", this.movieId))
			.hasStatus(HttpStatus.SERVICE_UNAVAILABLE)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.hasHeader("Retry-After", "60")
			.bodyJson()
			.hasPathSatisfying("$.title", (v) -> v.assertThat().isEqualTo("No embeddings yet"));
	}

	@Test
	void textSearchIs503UntilTheBackfillHasRun() {
		assertThat(this.mvc.get().uri("/api/recommendations/text?text=dreams"))
			.hasStatus(HttpStatus.SERVICE_UNAVAILABLE)
			.bodyJson()
			.hasPathSatisfying("$.detail", (v) -> v.assertThat().asString().contains("backfill"));
	}

}
