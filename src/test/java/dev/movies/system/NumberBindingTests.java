package dev.movies.system;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import dev.movies.IntegrationTest;
import dev.movies.TestData;
import dev.movies.embedding.EmbeddingModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Over real HTTP (Tomcat decodes the query string, as for a client): every number the API
 * reads from a path or a query string takes the one plain decimal spelling; hex,
 * {@code #10}, a {@code d} or {@code f} suffix, a sign Java accepts, blanks and non-ASCII
 * digits are a 400 naming the parameter, on every endpoint, whichever way its parameters
 * are bound.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NumberBindingTests {

	@LocalServerPort
	int port;

	@Autowired
	ObjectMapper json;

	private final HttpClient http = HttpClient.newHttpClient();

	@BeforeAll
	void embeddedCatalogue(@Autowired TestData data, @Autowired EmbeddingModel model) {
		data.reset();
		data.insertRandomlyEmbeddedMovies(5, 7, model.name());
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			/api/recommendations/movie/1?limit=0x10                       | limit
			/api/recommendations/movie/1?limit=%2310                      | limit
			/api/recommendations/movie/1?limit=10d                        | limit
			/api/recommendations/movie/1?limit=%2010                      | limit
			/api/recommendations/movie/1?limit=10%20                      | limit
			/api/recommendations/movie/1?limit=1%200                      | limit
			/api/recommendations/movie/1?limit=%2B5                       | limit
			/api/recommendations/movie/1?limit=%D9%A5                     | limit
			/api/recommendations/movie/1?limit=5&genres=a,b&offset=0x1    | offset
			/api/recommendations/movie/1?min_rating=7.5f                  | min_rating
			/api/recommendations/movie/1?min_rating=0x1p2                 | min_rating
			/api/recommendations/movie/1?min_rating=NaN                   | min_rating
			/api/recommendations/movie/1?min_rating=.5                    | min_rating
			/api/recommendations/movie/1?min_year=%232000&genres=a,b      | min_year
			/api/recommendations/movie/1?max_year=2000L                   | max_year
			/api/recommendations/movie/1?diversity=0.5d                   | diversity
			/api/recommendations/movie/1?min_similarity=Infinity          | min_similarity
			/api/recommendations/movie/1?exclude=0x2                      | exclude
			/api/recommendations/movie/1?exclude=2,%203                   | exclude
			/api/recommendations/movie/1?exclude=2,,3                     | exclude
			/api/recommendations/movie/1?exclude=2&exclude=%233           | exclude
			/api/recommendations/movie/1?weights=popularity:0.3f          | weights
			/api/recommendations/movie/1?weights=popularity:0x1p-2        | weights
			/api/recommendations/movie/1?weights=popularity:%200.3        | weights
			/api/recommendations/external/1?limit=0x3                     | limit
			/api/recommendations/text?text=heist&min_rating=6d            | min_rating
			/api/recommendations/genres?genres=Drama&limit=0x5            | limit
			/api/recommendations/genres?genres=Drama&min_rating=7f        | min_rating
			/api/recommendations/genres?genres=Drama&offset=%201          | offset
			/api/trending?limit=0x10                                      | limit
			/api/trending?min_year=%232020                                | min_year
			/api/trending?min_rating=6.5F                                 | min_rating
			/api/top-rated?min_votes=1e2                                  | min_votes
			/api/top-rated?min_votes=0x10                                 | min_votes
			/api/search?query=movie&limit=%D9%A5                          | limit
			/api/search?query=movie&offset=%2B1                           | offset
			/api/movies/0x1                                               | movie_id
			/api/movies/%231                                              | movie_id
			/api/movies/1d                                                | movie_id
			/api/movies/%201                                              | movie_id
			/api/movies/%2B1                                              | movie_id
			/api/movies/%D9%A1                                            | movie_id
			/api/movies/external/0x1                                      | external_id
			/api/recommendations/movie/0x1                                | movie_id
			/api/recommendations/external/%231                            | external_id
			""")
	void aNumberSpelledOtherwiseThanPlainDecimalIsA400NamingIt(String target, String parameter) throws Exception {
		HttpResponse<String> response = get(target);

		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(this.json.readTree(response.body()).path("errors").findValuesAsString("parameter"))
			.containsExactly(parameter);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			/api/recommendations/movie/1?limit=3&offset=1&min_rating=6.5&min_year=1990&max_year=2100&min_similarity=-1
			/api/recommendations/movie/1?exclude=2,3&diversity=5e-1&weights=popularity:0.25,rating:1E-1
			/api/recommendations/movie/1?exclude=2&exclude=4&min_similarity=-0.5e%2B0
			/api/recommendations/movie/1?limit=003&min_rating=7&genres=Drama,Crime
			/api/recommendations/movie/1?limit=&min_rating=&exclude=
			/api/recommendations/genres?genres=Drama&min_rating=6.0&limit=3&offset=0
			/api/trending?limit=3&min_year=2000&min_rating=0
			/api/top-rated?min_votes=0&min_rating=-0.0
			/api/movies/1
			/api/movies/external/01
			""")
	void plainDecimalsStillBind(String target) throws Exception {
		HttpResponse<String> response = get(target);

		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
	}

	@Test
	void weightsOfAJsonBodyTakeTheSameSpelling() throws Exception {
		HttpResponse<String> bad = post("{\"liked\": [1], \"weights\": {\"popularity\": \"0.3f\"}}");
		HttpResponse<String> plain = post("{\"liked\": [1], \"weights\": {\"popularity\": \"0.3\", \"rating\": 0.1}}");

		assertThat(bad.statusCode()).isEqualTo(400);
		assertThat(this.json.readTree(bad.body()).path("errors").findValuesAsString("parameter"))
			.containsExactly("weights");
		assertThat(plain.statusCode()).as(plain.body()).isEqualTo(200);
	}

	/**
	 * One rule for genres on every endpoint: a blank name (empty, spaces, an empty item
	 * of a comma list) is no name, as an empty value is no value; a NUL character is a
	 * 400, never a silently empty answer.
	 */
	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			/api/recommendations/movie/1?genres=%00              | 400
			/api/recommendations/movie/1?genres=Drama,%00        | 400
			/api/recommendations/movie/1?genres=Drama&genres=%00 | 400
			/api/recommendations/text?text=heist&genres=%00      | 400
			/api/recommendations/genres?genres=%00               | 400
			/api/recommendations/genres?genres=Drama,%00         | 400
			/api/recommendations/movie/1?language=%00            | 400
			/api/recommendations/movie/1?genres=                 | 200
			/api/recommendations/movie/1?genres=%20              | 200
			/api/recommendations/movie/1?genres=Drama,,Crime     | 200
			/api/recommendations/genres?genres=Drama,,Crime      | 200
			/api/recommendations/genres?genres=Drama&genres=     | 200
			/api/recommendations/genres?genres=%20Drama          | 200
			/api/recommendations/genres?genres=                  | 400
			/api/recommendations/genres?genres=%20               | 400
			""")
	void blankGenresAreAbsentAndNulIsRefused(String target, int status) throws Exception {
		HttpResponse<String> response = get(target);

		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		if (status == 200) {
			JsonNode answer = this.json.readTree(response.body());
			assertThat(answer.path("total").asInt()).as(target).isPositive();
		}
		else {
			JsonNode errors = this.json.readTree(response.body()).path("errors");
			assertThat(errors.findValuesAsString("parameter")).as(target)
				.containsAnyOf("genres", "language")
				.hasSize(1);
			if (target.contains("%00")) {
				assertThat(errors.findValuesAsString("message")).containsExactly("must not contain NUL characters");
			}
		}
	}

	@Test
	void aNulGenreOrLanguageInAJsonBodyIsRefusedAndABlankGenreIsAbsent() throws Exception {
		assertThat(post("{\"liked\": [1], \"genres\": [\"Drama\", \"\\u0000\"]}").statusCode()).isEqualTo(400);
		assertThat(post("{\"liked\": [1], \"language\": \"e\\u0000n\"}").statusCode()).isEqualTo(400);
		HttpResponse<String> blank = post("{\"liked\": [1], \"genres\": [\"\", \" \", \"Drama\"]}");
		assertThat(blank.statusCode()).as(blank.body()).isEqualTo(200);
		assertThat(this.json.readTree(blank.body()).path("total").asInt()).isPositive();
	}

	private HttpResponse<String> get(String target) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + target)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> post(String body) throws Exception {
		return this.http
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/api/recommendations"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());
	}

}
