package dev.movies.system;

import java.util.List;

import dev.movies.IntegrationTest;
import dev.movies.TestData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A trailing slash reaches the same operation, for reads and writes alike, and is not a
 * redirect.
 */
@IntegrationTest
class TrailingSlashTests {

	@Autowired
	MockMvcTester mvc;

	@Autowired
	TestData data;

	private long id;

	@BeforeEach
	void catalogue() {
		this.data.reset();
		this.id = this.data.insertMovie(7, "Alien", 1979, 8.5, List.of("Horror"), "A crew meets a creature.");
	}

	@Test
	void readsWithATrailingSlashAnswerAsWithout() {
		assertThat(this.mvc.get().uri("/api/movies/{id}/", this.id)).hasStatusOk()
			.bodyJson()
			.hasPathSatisfying("$.title", (v) -> v.assertThat().isEqualTo("Alien"));
		assertThat(this.mvc.get().uri("/api/search/?query=alien")).hasStatusOk();
		assertThat(this.mvc.get().uri("/health/")).hasStatusOk();
	}

	@Test
	void aDeleteWithATrailingSlashIsJudgedAndServedAsWithout() {
		assertThat(this.mvc.delete().uri("/api/movies/{id}/", this.id)).hasStatus(HttpStatus.UNAUTHORIZED);
		assertThat(this.mvc.delete()
			.uri("/api/movies/{id}/", this.id)
			.header(HttpHeaders.AUTHORIZATION, "Bearer test-admin-key")).hasStatus(HttpStatus.NO_CONTENT);
		assertThat(this.mvc.get().uri("/api/movies/{id}", this.id)).hasStatus(HttpStatus.NOT_FOUND);
	}

}
