package dev.movies.movie;

import java.util.List;

import dev.movies.IntegrationTest;
import dev.movies.TestData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /health} as the original answers it (the 503 is in
 * MovieRecommenderApplicationTests).
 */
@IntegrationTest
class HealthControllerTests {

	@Autowired
	MockMvcTester mvc;

	@Autowired
	TestData data;

	@BeforeEach
	void emptyCatalogue() {
		this.data.reset();
	}

	@Test
	void anEmptyCatalogueIsHealthyWithNoData() {
		assertThat(this.mvc.get().uri("/health")).hasStatusOk()
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_JSON)
			.bodyJson()
			.hasPathSatisfying("$.status", (v) -> v.assertThat().isEqualTo("healthy"))
			.hasPathSatisfying("$.database", (v) -> v.assertThat().isEqualTo("no_data"))
			.hasPathSatisfying("$.version", (v) -> v.assertThat().asString().isNotBlank());
	}

	@Test
	void aCatalogueWithMoviesIsConnected() {
		this.data.insertMovie(1, "Alien", 1979, 8.5, List.of("Horror"), "A crew meets a creature.");

		assertThat(this.mvc.get().uri("/health")).hasStatusOk()
			.bodyJson()
			.hasPathSatisfying("$.database", (v) -> v.assertThat().isEqualTo("connected"));
	}

}
