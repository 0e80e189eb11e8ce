package dev.movies.recommendation;

import java.io.InputStream;
import java.util.List;

import dev.movies.IntegrationTest;
import dev.movies.TestData;
import dev.movies.embedding.Backfills;
import dev.movies.embedding.EmbeddingJobService;
import dev.movies.movie.MovieImportService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The product end to end with real semantics: the bundled sample catalogue imported,
 * embedded by the in-process model through the backfill, and queried over HTTP.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SampleCatalogueRecommendationTests {

	@Autowired
	MockMvcTester mvc;

	@Autowired
	ObjectMapper json;

	@Autowired
	JdbcClient jdbc;

	@BeforeAll
	void importAndEmbedTheSample(@Autowired TestData data, @Autowired MovieImportService imports,
			@Autowired EmbeddingJobService jobs) throws Exception {
		data.reset();
		try (InputStream sample = new ClassPathResource("catalog/sample-movies.json").getInputStream()) {
			assertThat(imports.importJson(sample, -1).rejectedCount()).isZero();
		}
		assertThat(Backfills.run(jobs, false).failed()).isZero();
	}

	@Test
	void dreamThiefDescriptionFindsInceptionInTopThree() throws Exception {
		assertThat(titles("/api/recommendations/text?text={text}&limit=3",
				"a thief who steals secrets by entering dreams"))
			.contains("Inception");
	}

	@Test
	void similarToToyStoryIsLedByItsSequels() throws Exception {
		long toyStory = this.jdbc.sql("SELECT id FROM movies WHERE title = 'Toy Story'").query(Long.class).single();

		List<String> similar = titles("/api/recommendations/movie/{id}?limit=3&ranking=similarity", toyStory);

		assertThat(similar).doesNotContain("Toy Story").anyMatch((title) -> title.startsWith("Toy Story"));
	}

	private List<String> titles(String uri, Object... variables) throws Exception {
		String body = this.mvc.get().uri(uri, variables).exchange().getResponse().getContentAsString();
		JsonNode movies = this.json.readTree(body).get("movies");
		assertThat(movies).as(body).isNotNull();
		return movies.valueStream().map((movie) -> movie.get("title_english").asString()).toList();
	}

}
