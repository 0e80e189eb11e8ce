package dev.movies.system;

import java.util.Map;

import dev.movies.TestData;
import dev.movies.TestDatabaseConfiguration;
import dev.movies.support.RawHttp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Over real HTTP, what Tomcat refuses before the application sees it, and numbers past
 * their type: each a problem+json that says what is wrong (it was a generic "Bad Request"
 * for the first two kinds, and "must be a whole number" for a whole number too large).
 * The same context as RequestLimitsTests.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "movies.limits.query-timeout=1s", "movies.limits.max-request-body=64KB" })
@ActiveProfiles("test")
@Import({ TestDatabaseConfiguration.class, TestData.class })
class RequestLineProblemsTests {

	@LocalServerPort
	int port;

	@ParameterizedTest
	@ValueSource(strings = { "/api/search?query=%s", "/api/movies/%s", "/api/recommendations/text?text=%s" })
	void anOverLongUrlIsA414NamingTheUri(String target) throws Exception {
		RawHttp.Response response = get(target.formatted("1".repeat(20_000)), Map.of());

		assertProblem(response, 414);
		assertThat(response.body()).contains("\"title\":\"URI Too Long\"", "\"parameter\":\"uri\"",
				"path and query string are longer than this service reads");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/api/search?query=heat" })
	void overLargeHeadersAreA431(String target) throws Exception {
		RawHttp.Response response = get(target, Map.of("X-Padding", "p".repeat(20_000)));

		assertProblem(response, 431);
		assertThat(response.body()).contains("\"parameter\":\"headers\"");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/api/movies/%00", "/api/recommendations/movie/%00", "/api/movies/1%00",
			"/api/search/%00?query=x" })
	void aNulInThePathIsA400NamingThePath(String target) throws Exception {
		RawHttp.Response response = get(target, Map.of());

		assertProblem(response, 400);
		assertThat(response.body())
			.contains("\"parameter\":\"path\"", "must not contain an encoded NUL character (%00)")
			.doesNotContain("The request could not be processed");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/api/recommendations/movie/1?offset=99999999999999999999",
			"/api/recommendations/movie/1?offset=99999999999", "/api/search?query=x&offset=99999999999999999999",
			"/api/trending?offset=99999999999999999999", "/api/recommendations/text?text=x&offset=99999999999999999999",
			"/api/recommendations/genres?genres=Drama&offset=99999999999999999999" })
	void anOffsetPastItsTypeIsA400SayingSo(String target) throws Exception {
		RawHttp.Response response = get(target, Map.of());

		assertProblem(response, 400);
		assertThat(response.body()).contains("\"parameter\":\"offset\"", "must be a whole number between");
	}

	/**
	 * A17: an encoded '/' and a broken %-escape got Tomcat's generic "Bad Request"; they
	 * name the path as an encoded NUL or '\\' does.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "/api/movies%2F1 must be a valid path", "/api%2fmovies%2f1 must be a valid path",
			"/api/movies/1%A must be valid percent-encoding", "/api/movies/%zz must be valid percent-encoding",
			"/api/%E0%A4%A must be percent-encoded UTF-8", "/api/movies/%E0%A4 must be percent-encoded UTF-8" })
	void anEncodedSlashOrABrokenEscapeInThePathIsA400NamingThePath(String targetAndMessage) throws Exception {
		String target = targetAndMessage.substring(0, targetAndMessage.indexOf(' '));
		RawHttp.Response response = get(target, Map.of());

		assertProblem(response, 400);
		assertThat(response.body())
			.contains("\"parameter\":\"path\"", targetAndMessage.substring(targetAndMessage.indexOf(' ') + 1))
			.doesNotContain("The request could not be processed");
	}

	/**
	 * Spring Security's firewall checks parameter names and header values only when they
	 * are read, inside MVC: its RequestRejectedException was a 500 with an ERROR stack
	 * trace for each such request.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "/api/recommendations/movie/1?x%00=1", "/api/recommendations/movie/1?limit%0A=5",
			"/api/recommendations/external/1?a%09=1", "/api/recommendations/text?text=hi&%7F=1",
			"/api/recommendations/movie/1?%C2%85=1", "/api/recommendations/movie/1?%00" })
	void aControlCharacterInAParameterNameIsA400NamingTheQueryString(String target) throws Exception {
		RawHttp.Response response = get(target, Map.of());

		assertProblem(response, 400);
		assertThat(response.body()).contains("\"parameter\":\"query string\"", "parameter names")
			.doesNotContain("unexpected error");
	}

	@ParameterizedTest
	@ValueSource(strings = { "X-A", "User-Agent", "Accept-Language" })
	void aC1ControlByteInAHeaderIsA400NamingTheHeaders(String header) throws Exception {
		RawHttp.Response response = get("/docs", Map.of(header, "a\u0085b"));

		assertProblem(response, 400);
		assertThat(response.body()).contains("\"parameter\":\"headers\"").doesNotContain("unexpected error");
	}

	/**
	 * Past Tomcat's parameter limit (1000) the answer says so; it said the query string
	 * was not valid UTF-8.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "/api/trending?", "/api/recommendations/movie/1?", "/api/search?query=x&" })
	void tooManyQueryParametersIsA400SayingSo(String target) throws Exception {
		RawHttp.Response response = get(target + "a=1&".repeat(1_000) + "a=1", Map.of());

		assertProblem(response, 400);
		assertThat(response.body()).contains("\"parameter\":\"query string\"", "has too many parameters",
				"more than this service reads");
		assertThat(response.body()).doesNotContain("UTF-8");
		RawHttp.Response undecodable = get(target + "a=%ff", Map.of());
		assertProblem(undecodable, 400);
		assertThat(undecodable.body()).contains("must be percent-encoded UTF-8");
	}

	/**
	 * The problem's {@code instance} is the path as sent, percent-escapes kept once,
	 * whether the controllers, the security chain or the firewall answer.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "GET /api/movies/%C3%A9", "GET /api/nothing/%C3%A9", "DELETE /api/movies/%C3%A9",
			"PUT /api/movies/a%20b", "GET /api/movies/%25", "GET /api/movies/%3B1",
			"GET /api/recommendations/movie/%C3%A9" })
	void theInstanceIsTheRequestPathAsSent(String request) throws Exception {
		String method = request.substring(0, request.indexOf(' '));
		String path = request.substring(request.indexOf(' ') + 1);
		RawHttp.Response response = RawHttp.send(this.port, method, path, Map.of(), null);

		assertThat(response.status()).as(response.body()).isBetween(400, 499);
		assertThat(response.body()).contains("\"instance\":\"" + path + "\"");
	}

	private RawHttp.Response get(String target, Map<String, String> headers) throws Exception {
		return RawHttp.send(this.port, "GET", target, headers, null);
	}

	private static void assertProblem(RawHttp.Response response, int status) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
	}

}
