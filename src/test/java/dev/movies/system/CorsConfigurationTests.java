package dev.movies.system;

import dev.movies.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The defaults: reads from any origin without credentials, writes and admin operations
 * from none. ManagementEndpointsTests covers a configured write origin,
 * CorsPropertiesTests the narrowing.
 */
@IntegrationTest
class CorsConfigurationTests {

	private static final String PAGE = "https://movies.example";

	@Autowired
	MockMvcTester mvc;

	@Test
	void readsAnswerAnyOriginWithoutCredentials() {
		for (String path : new String[] { "/api/trending", "/api/search?query=alien", "/health" }) {
			assertThat(this.mvc.get().uri(path).header(HttpHeaders.ORIGIN, PAGE)).hasStatusOk()
				.hasHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*")
				.doesNotContainHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS);
		}
		assertThat(this.mvc.options()
			.uri("/api/recommendations")
			.header(HttpHeaders.ORIGIN, PAGE)
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "content-type")).hasStatusOk()
			.hasHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
	}

	@Test
	void writesAndAdminOperationsAreRefusedToEveryOriginByDefault() {
		assertThat(this.mvc.options()
			.uri("/api/movies/1")
			.header(HttpHeaders.ORIGIN, PAGE)
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "DELETE")).hasStatus(HttpStatus.FORBIDDEN)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.doesNotContainHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
		assertThat(this.mvc.put()
			.uri("/api/movies")
			.header(HttpHeaders.ORIGIN, PAGE)
			.contentType(MediaType.APPLICATION_JSON)
			.content("[]")).hasStatus4xxClientError().doesNotContainHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
		assertThat(this.mvc.get().uri("/api/admin/index").header(HttpHeaders.ORIGIN, PAGE))
			.doesNotContainHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
	}

}
