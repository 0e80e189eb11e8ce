package dev.movies.movie;

import java.util.List;

import dev.movies.IntegrationTest;
import dev.movies.TestData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;

@IntegrationTest
class MovieControllerTests {

	@Autowired
	MockMvcTester mvc;

	private static final String ADMIN = "Bearer test-admin-key";

	@Autowired
	TestData data;

	@Autowired
	JdbcClient jdbc;

	long inceptionId;

	@BeforeEach
	void setUp() {
		this.data.reset();
		this.inceptionId = this.data.insertMovie(1001, "Inception", 2010, 8.8, List.of("Action", "Sci-Fi"),
				"A thief steals secrets from inside dreams.");
	}

	@Test
	void readsMovieByIdWithSnakeCaseFields() {
		assertThat(this.mvc.get().uri("/api/movies/{id}", this.inceptionId)).hasStatusOk()
			.bodyJson()
			.hasPathSatisfying("$.external_id", (v) -> v.assertThat().isEqualTo(1001))
			.hasPathSatisfying("$.title", (v) -> v.assertThat().isEqualTo("Inception"))
			.hasPathSatisfying("$.genres", (v) -> v.assertThat().asList().containsExactly("Action", "Sci-Fi"))
			.hasPathSatisfying("$.cast", (v) -> v.assertThat().asList().isEmpty())
			.hasPathSatisfying("$.imdb_code", (v) -> v.assertThat().isNull());
	}

	@Test
	void readsMovieByExternalId() {
		assertThat(this.mvc.get().uri("/api/movies/external/1001")).hasStatusOk()
			.bodyJson()
			.hasPathSatisfying("$.id", (v) -> v.assertThat().isEqualTo((int) this.inceptionId));
	}

	@Test
	void unknownMovieIsProblem404() {
		assertThat(this.mvc.get().uri("/api/movies/999999")).hasStatus(HttpStatus.NOT_FOUND)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.hasPathSatisfying("$.status", (v) -> v.assertThat().isEqualTo(404))
			.hasPathSatisfying("$.detail", (v) -> v.assertThat().asString().contains("999999"));
	}

	@Test
	void nonNumericIdIsProblem400NamingTheParameter() {
		assertThat(this.mvc.get().uri("/api/movies/abc")).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.hasPathSatisfying("$.errors[0].parameter", (v) -> v.assertThat().isEqualTo("movie_id"));
	}

	@Test
	void deleteRemovesTheMovieAndItsEmbedding() {
		this.jdbc.sql("""
				INSERT INTO movie_embeddings (movie_id, embedding, model, text_hash)
				VALUES (:id, array_fill(0.1, ARRAY[384])::vector, 'test-model', '\\x00')
				""").param("id", this.inceptionId).update();

		assertThat(this.mvc.delete().uri("/api/movies/{id}", this.inceptionId).header(HttpHeaders.AUTHORIZATION, ADMIN))
			.hasStatus(HttpStatus.NO_CONTENT);

		assertThat(this.mvc.get().uri("/api/movies/{id}", this.inceptionId)).hasStatus(HttpStatus.NOT_FOUND);
		assertThat(this.jdbc.sql("SELECT count(*) FROM movie_embeddings").query(Long.class).single()).isZero();
	}

	@Test
	void deletingAnUnknownMovieIsProblem404() {
		assertThat(this.mvc.delete().uri("/api/movies/999999").header(HttpHeaders.AUTHORIZATION, ADMIN))
			.hasStatus(HttpStatus.NOT_FOUND)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void deleteRequiresTheAdminKey() {
		assertThat(this.mvc.delete().uri("/api/movies/{id}", this.inceptionId)).hasStatus(HttpStatus.UNAUTHORIZED);
		assertThat(this.mvc.get().uri("/api/movies/{id}", this.inceptionId)).hasStatusOk();
	}

	@Test
	void deleteWithNonNumericIdIsProblem400() {
		assertThat(this.mvc.delete().uri("/api/movies/abc").header(HttpHeaders.AUTHORIZATION, ADMIN))
			.hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
	}

}
