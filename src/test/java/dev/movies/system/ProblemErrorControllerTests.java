package dev.movies.system;

import dev.movies.IntegrationTest;
import jakarta.servlet.RequestDispatcher;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;

@IntegrationTest
class ProblemErrorControllerTests {

	@Autowired
	MockMvcTester mvc;

	@Test
	void containerErrorsAreProblemJsonWithoutInternals() {
		assertThat(this.mvc.get()
			.uri("/error")
			.requestAttr(RequestDispatcher.ERROR_STATUS_CODE, 400)
			.requestAttr(RequestDispatcher.ERROR_REQUEST_URI, "/api/search")
			.requestAttr(RequestDispatcher.ERROR_EXCEPTION, new IllegalStateException("secret internals")))
			.hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.hasPathSatisfying("$.status", (v) -> v.assertThat().isEqualTo(400))
			.hasPathSatisfying("$.instance", (v) -> v.assertThat().isEqualTo("/api/search"))
			.doesNotHavePath("$.trace")
			.doesNotHavePath("$.exception");
	}

	@Test
	void requestPathThatIsNotAUriIsQuotedInItsProblem() {
		assertThat(this.mvc.get()
			.uri("/error")
			.requestAttr(RequestDispatcher.ERROR_STATUS_CODE, 400)
			.requestAttr(RequestDispatcher.ERROR_REQUEST_URI, "/api/search|{bad}")).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.hasPathSatisfying("$.status", (v) -> v.assertThat().isEqualTo(400))
			.hasPathSatisfying("$.instance", (v) -> v.assertThat().isEqualTo("/api/search%7C%7Bbad%7D"));
	}

	@Test
	void anEncodedRequestPathIsTheInstanceAsSentNotEncodedTwice() {
		assertThat(this.mvc.get()
			.uri("/error")
			.requestAttr(RequestDispatcher.ERROR_STATUS_CODE, 404)
			.requestAttr(RequestDispatcher.ERROR_REQUEST_URI, "/api/movies/%C3%A9/x%20y"))
			.hasStatus(HttpStatus.NOT_FOUND)
			.bodyJson()
			.hasPathSatisfying("$.instance", (v) -> v.assertThat().isEqualTo("/api/movies/%C3%A9/x%20y"));
	}

	@Test
	void directRequestForTheErrorPageIsA404Problem() {
		assertThat(this.mvc.get().uri("/error")).hasStatus(HttpStatus.NOT_FOUND)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void unknownFailureIsA500Problem() {
		assertThat(this.mvc.get()
			.uri("/error")
			.requestAttr(RequestDispatcher.ERROR_EXCEPTION, new IllegalStateException("secret internals")))
			.hasStatus(HttpStatus.INTERNAL_SERVER_ERROR)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyText()
			.doesNotContain("Exception");
	}

}
