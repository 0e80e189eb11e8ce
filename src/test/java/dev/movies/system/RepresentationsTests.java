package dev.movies.system;

import java.util.List;

import dev.movies.IntegrationTest;
import dev.movies.TestData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API answers JSON (and the recommendations' text listing) only: asking for YAML,
 * XML, CBOR or Smile is a 406 problem, never a second representation with camelCase field
 * names.
 */
@IntegrationTest
class RepresentationsTests {

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

	@ParameterizedTest
	@ValueSource(strings = { "application/yaml", "application/xml", "text/xml", "application/cbor",
			"application/x-jackson-smile" })
	void aRepresentationOtherThanJsonIsNotAcceptable(String accept) {
		for (String uri : List.of("/api/movies/" + this.id, "/api/trending?limit=1", "/api/search?query=alien")) {
			assertThat(this.mvc.get().uri(uri).header(HttpHeaders.ACCEPT, accept)).as(uri)
				.hasStatus(HttpStatus.NOT_ACCEPTABLE)
				.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "application/json", "*/*", "application/yaml, application/json;q=0.5" })
	void jsonIsStillAnswered(String accept) {
		assertThat(this.mvc.get().uri("/api/movies/{id}", this.id).header(HttpHeaders.ACCEPT, accept)).hasStatusOk()
			.bodyJson()
			.hasPathSatisfying("$.external_id", (v) -> v.assertThat().isEqualTo(7));
	}

}
