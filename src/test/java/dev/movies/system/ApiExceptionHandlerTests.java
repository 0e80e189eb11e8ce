package dev.movies.system;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.movies.IntegrationTest;
import dev.movies.TestData;
import dev.movies.embedding.EmbeddingModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed and hostile requests over real HTTP: each gets the right status as
 * problem+json (never a 5xx, never a stack trace) and none of them changes the catalogue.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiExceptionHandlerTests {

	private static final String KEY = "Bearer test-admin-key";

	private static final String SQL = "' OR 1=1; DROP TABLE movies; --";

	@LocalServerPort
	int port;

	@Autowired
	TestData data;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	EmbeddingModel model;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private String fingerprintBefore;

	@BeforeAll
	void catalogueWithEmbeddings() {
		this.data.reset();
		this.data.insertRandomlyEmbeddedMovies(5, 42, this.model.name());
		this.fingerprintBefore = fingerprint();
	}

	@AfterAll
	void catalogueIsUnchanged() {
		assertThat(fingerprint()).isEqualTo(this.fingerprintBefore);
	}

	record Case(String name, String method, String path, String contentType, byte[] body, String authorization,
			int expectedStatus) {

		@Override
		public String toString() {
			return this.name;
		}

	}

	static Stream<Case> cases() {
		List<Case> cases = new ArrayList<>();
		String hugeText = "dream ".repeat(1_000);
		// wrong types and ranges in the path and the query string
		cases.add(get("non-numeric movie id", "/api/movies/abc", 400));
		cases.add(get("movie id overflowing a long", "/api/movies/99999999999999999999", 400));
		cases.add(get("SQL in a movie id", "/api/movies/" + enc(SQL), 400));
		cases.add(get("non-numeric external id", "/api/movies/external/x1", 400));
		cases.add(get("unknown movie", "/api/movies/987654", 404));
		cases.add(get("unknown path", "/api/nothing-here", 404));
		cases.add(get("search without query", "/api/search", 400));
		cases.add(get("search with empty query", "/api/search?query=", 400));
		cases.add(get("search with blank query", "/api/search?query=%20%20", 400));
		cases.add(get("search limit 0", "/api/search?query=x&limit=0", 400));
		cases.add(get("search limit 101", "/api/search?query=x&limit=101", 400));
		cases.add(get("search negative limit", "/api/search?query=x&limit=-5", 400));
		cases.add(get("search huge limit", "/api/search?query=x&limit=99999999999999999999", 400));
		cases.add(get("search limit not a number", "/api/search?query=x&limit=ten", 400));
		cases.add(get("search limit in exponent form", "/api/search?query=x&limit=1e3", 400));
		cases.add(get("search with SQL in query", "/api/search?query=" + enc(SQL), 200));
		cases.add(get("recommendations for non-numeric id", "/api/recommendations/movie/abc", 400));
		cases.add(get("unknown distance metric", "/api/recommendations/movie/1?distance_metric=hamming", 400));
		cases.add(get("SQL as distance metric", "/api/recommendations/movie/1?distance_metric=" + enc(SQL), 400));
		cases.add(get("recommendations limit 0", "/api/recommendations/movie/1?limit=0", 400));
		cases.add(get("recommendations limit 1000", "/api/recommendations/movie/1?limit=1000", 400));
		cases.add(get("negative offset", "/api/recommendations/movie/1?offset=-1", 400));
		cases.add(get("min_year after max_year", "/api/recommendations/movie/1?min_year=2020&max_year=1990", 400));
		cases.add(get("min_rating above 10", "/api/recommendations/movie/1?min_rating=11", 400));
		cases.add(get("min_rating not a number", "/api/recommendations/movie/1?min_rating=high", 400));
		cases.add(get("unknown genre_match", "/api/recommendations/movie/1?genres=Drama&genre_match=some", 400));
		cases.add(get("min_similarity not a number", "/api/recommendations/movie/1?min_similarity=close", 400));
		cases.add(get("exclude not a number", "/api/recommendations/movie/1?exclude=abc", 400));
		cases.add(get("SQL in genres and language",
				"/api/recommendations/movie/1?genres=" + enc(SQL) + "&language=" + enc(SQL), 200));
		cases.add(get("recommendations for unknown movie", "/api/recommendations/movie/987654", 404));
		cases.add(get("recommendations for unknown external id", "/api/recommendations/external/987654", 404));
		cases.add(get("text recommendations without text", "/api/recommendations/text", 400));
		cases.add(get("text recommendations with empty text", "/api/recommendations/text?text=", 400));
		cases.add(get("text over the model window", "/api/recommendations/text?text=" + enc(hugeText), 400));
		cases.add(get("genre recommendations without genres", "/api/recommendations/genres", 400));
		cases.add(get("genre recommendations bad min_rating", "/api/recommendations/genres?genres=Drama&min_rating=x",
				400));
		cases.add(get("SQL as genre", "/api/recommendations/genres?genres=" + enc(SQL), 200));
		cases.add(get("trending limit 1000", "/api/trending?limit=1000", 400));
		cases.add(get("trending min_year not a number", "/api/trending?min_year=recent", 400));
		cases.add(get("top-rated negative min_votes", "/api/top-rated?min_votes=-1", 400));
		cases.add(get("top-rated limit 0", "/api/top-rated?limit=0", 400));
		// bodies of the multi-example query
		cases.add(post("malformed JSON", "/api/recommendations", "application/json", "{\"liked\": [1,", 400));
		cases.add(post("liked of the wrong type", "/api/recommendations", "application/json", "{\"liked\": \"one\"}",
				400));
		cases.add(post("liked and disliked overlap", "/api/recommendations", "application/json",
				"{\"liked\": [1], \"disliked\": [1]}", 400));
		cases.add(post("nothing to recommend from", "/api/recommendations", "application/json", "{}", 400));
		cases.add(post("limit 1000 in a body", "/api/recommendations", "application/json",
				"{\"liked\": [1], \"limit\": 1000}", 400));
		cases.add(post("text/plain body", "/api/recommendations", "text/plain", "liked=1", 415));
		// admin operations
		cases.add(new Case("import without admin key", "PUT", "/api/movies", "application/json",
				bytes("[{\"external_id\": 99, \"title\": \"Intruder\"}]"), null, 401));
		cases.add(new Case("import with a wrong admin key", "PUT", "/api/movies", "application/json",
				bytes("[{\"external_id\": 99, \"title\": \"Intruder\"}]"), "Bearer nope", 401));
		cases.add(new Case("delete without admin key", "DELETE", "/api/movies/1", null, null, null, 401));
		cases.add(new Case("start backfill without admin key", "POST", "/actuator/embeddings", "application/json",
				bytes("{}"), null, 401));
		cases.add(
				new Case("cancel backfill without admin key", "DELETE", "/actuator/embeddings", null, null, null, 401));
		cases.add(new Case("import of malformed JSON", "PUT", "/api/movies", "application/json",
				bytes("[{\"external_id\": 99,"), KEY, 400));
		cases
			.add(new Case(
					"import of invalid UTF-8", "PUT", "/api/movies", "application/json", new byte[] { '[', '{', '"',
							't', 'i', 't', 'l', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}', ']' },
					KEY, 400));
		cases.add(new Case("import as text/plain", "PUT", "/api/movies", "text/plain", bytes("hello"), KEY, 415));
		cases.add(new Case("import of a JSON number", "PUT", "/api/movies", "application/json", bytes("42"), KEY, 400));
		cases.add(
				new Case("oversized import document", "PUT", "/api/movies", "application/json", oversized(), KEY, 413));
		return cases.stream();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("cases")
	void answersWithProblemJsonAndLeavesCatalogueAlone(Case c) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + c.path()))
			.timeout(Duration.ofSeconds(30))
			.method(c.method(), c.body() == null ? HttpRequest.BodyPublishers.noBody()
					: HttpRequest.BodyPublishers.ofByteArray(c.body()));
		if (c.contentType() != null) {
			request.header("Content-Type", c.contentType());
		}
		if (c.authorization() != null) {
			request.header("Authorization", c.authorization());
		}
		HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).as("%s -> %s", c.name(), response.body()).isEqualTo(c.expectedStatus());
		if (c.expectedStatus() >= 400) {
			assertThat(response.headers().firstValue("Content-Type")).as(c.name())
				.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
			assertThat(response.body()).contains("\"status\":" + c.expectedStatus())
				.contains("\"detail\"")
				.doesNotContain("Exception")
				.doesNotContain("\tat ");
		}
		assertThat(fingerprint()).isEqualTo(this.fingerprintBefore);
	}

	private String fingerprint() {
		return this.jdbc.sql("""
				SELECT count(*) || ':' || coalesce(md5(string_agg(m::text, '|' ORDER BY m.id)), '')
				       || ':' || (SELECT count(*) FROM movie_embeddings)
				FROM movies m
				""").query(String.class).single();
	}

	private static Case get(String name, String path, int status) {
		return new Case(name, "GET", path, null, null, null, status);
	}

	private static Case post(String name, String path, String contentType, String body, int status) {
		return new Case(name, "POST", path, contentType, bytes(body), null, status);
	}

	private static byte[] oversized() {
		// 1.5 MB of one JSON array: above the test profile's 1MB document limit, and
		// small enough that
		// the container reads the rest of the body and the client gets to see the 413.
		StringBuilder body = new StringBuilder("[");
		String record = "{\"external_id\": 1, \"title\": \"x\", \"description_full\": \"" + "a".repeat(10_000) + "\"},";
		while (body.length() < 1536 * 1024) {
			body.append(record);
		}
		body.setLength(body.length() - 1);
		return bytes(body.append(']').toString());
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static String enc(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}

}
