package dev.movies.compat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import dev.movies.IntegrationTest;
import dev.movies.TestData;
import dev.movies.embedding.Backfills;
import dev.movies.embedding.EmbeddingJobService;
import dev.movies.movie.MovieImportService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ClassPathResource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The original project's documented client calls (the curl, Python requests and
 * JavaScript fetch examples of its README, api/README.md and docs/API_DOCUMENTATION.md),
 * replayed over HTTP against the service with the bundled sample catalogue (plus one
 * movie in the YTS shape, torrents included, under the docs' external id 12345), each
 * answer checked field by field against the original's response models
 * ({@link OriginalModels}).
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OriginalClientCompatibilityTests {

	/** One movie as YTS's list_movies answers it: the original's data source. */
	private static final String YTS_ANSWER = """
			{"status": "ok", "status_message": "Query was successful", "data": {"movie_count": 1, "limit": 20,
			 "page_number": 1, "movies": [{"id": 12345, "url": "https://yts.example/movies/arrival-2016",
			 "imdb_code": "tt2543164", "title": "Arrival", "title_english": "Arrival", "title_long": "Arrival (2016)",
			 "slug": "arrival-2016", "year": 2016, "rating": 7.9, "runtime": 116, "genres": ["Drama", "Sci-Fi"],
			 "summary": "A linguist works with the military to communicate with alien lifeforms.",
			 "description_full": "A linguist works with the military to communicate with alien lifeforms after twelve mysterious spacecraft appear around the world.",
			 "synopsis": "", "yt_trailer_code": "tFMo3UJ4B4g", "language": "en", "mpa_rating": "PG-13",
			 "background_image": "", "small_cover_image": "https://yts.example/arrival/small.jpg",
			 "medium_cover_image": "https://yts.example/arrival/medium.jpg",
			 "large_cover_image": "https://yts.example/arrival/large.jpg", "state": "ok",
			 "torrents": [
			   {"url": "https://yts.example/torrent/download/A1", "hash": "A1B2C3", "quality": "720p", "type": "bluray",
			    "is_repack": "0", "video_codec": "x264", "bit_depth": "8", "audio_channels": "2.0", "seeds": 100,
			    "peers": 12, "size": "1.01 GB", "size_bytes": 1084479242, "date_uploaded": "2017-01-25 12:17:02",
			    "date_uploaded_unix": 1485343022},
			   {"url": "https://yts.example/torrent/download/D4", "hash": "D4E5F6", "quality": "1080p", "type": "bluray",
			    "is_repack": "0", "video_codec": "x264", "bit_depth": "8", "audio_channels": "5.1", "seeds": 250,
			    "peers": 30, "size": "2.02 GB", "size_bytes": 2168958484, "date_uploaded": "2017-01-25 14:43:16",
			    "date_uploaded_unix": 1485351796}],
			 "date_uploaded": "2017-01-25 12:17:02", "date_uploaded_unix": 1485343022,
			 "like_count": 2500, "download_count": 90000}]}}
			""";

	@LocalServerPort
	int port;

	@Autowired
	ObjectMapper json;

	private final HttpClient http = HttpClient.newHttpClient();

	@BeforeAll
	void sampleCatalogueEmbedded(@Autowired TestData data, @Autowired MovieImportService imports,
			@Autowired EmbeddingJobService jobs) throws Exception {
		data.reset();
		try (InputStream sample = new ClassPathResource("catalog/sample-movies.json").getInputStream()) {
			assertThat(imports.importJson(sample, -1).rejectedCount()).isZero();
		}
		assertThat(imports.importJson(new ByteArrayInputStream(YTS_ANSWER.getBytes(StandardCharsets.UTF_8)), -1)
			.inserted()).isEqualTo(1);
		assertThat(Backfills.run(jobs, false).failed()).isZero();
	}

	/** Every documented call returning a list answer, as the examples write them. */
	static Stream<String> documentedListCalls() {
		return Stream.of("/api/search?query=action%20thriller&limit=5", "/api/search?query=action%20thriller&limit=10",
				"/api/search?query=action&limit=5", "/api/search?query=action&limit=10",
				"/api/recommendations/movie/1?limit=5&distance_metric=cosine", "/api/recommendations/movie/1?limit=5",
				"/api/recommendations/movie/1?limit=3", "/api/recommendations/movie/1?limit=5&distance_metric=l2",
				"/api/recommendations/movie/1?limit=5&distance_metric=inner_product",
				"/api/recommendations/external/12345?limit=10",
				"/api/recommendations/genres?genres=Action&genres=Sci-Fi&limit=10&min_rating=7.0",
				"/api/recommendations/text?text=A%20movie%20about%20space%20exploration&limit=5",
				"/api/trending?limit=10&min_year=2022", "/api/trending?limit=10", "/api/trending",
				"/api/top-rated?limit=10&min_votes=1000", "/api/top-rated");
	}

	@ParameterizedTest
	@MethodSource("documentedListCalls")
	void everyListAnswerParsesWithTheOriginalsModel(String call) throws Exception {
		JsonNode answer = getJson(call);

		assertThat(OriginalModels.problems(answer, OriginalModels.LIST)).as(call).isEmpty();
		// The original's meaning of total, which its Python example loops over.
		assertThat(answer.get("total").asInt()).as(call).isEqualTo(answer.get("movies").size());
		assertThat(answer.get("movies").size()).as(call).isPositive();
		assertThat(answer.has("total_matches")).as(call).isTrue();
	}

	@Test
	void theMovieCallsParseWithTheOriginalsModel() throws Exception {
		for (String call : List.of("/api/movies/1", "/api/movies/external/12345")) {
			JsonNode movie = getJson(call);

			assertThat(OriginalModels.problems(movie, OriginalModels.MOVIE)).as(call).isEmpty();
			assertThat(movie.get("similarity_score").isNull()).as(call).isTrue();
		}
	}

	@Test
	void torrentsFromTheYtsShapeAreKeptAndCounted() throws Exception {
		JsonNode movie = getJson("/api/movies/external/12345");

		assertThat(movie.get("torrents_count").asInt()).isEqualTo(2);
		JsonNode torrent = movie.get("torrents").get(1);
		assertThat(torrent.get("quality").asString()).isEqualTo("1080p");
		assertThat(torrent.get("type").asString()).isEqualTo("bluray");
		assertThat(torrent.get("size").asString()).isEqualTo("2.02 GB");
		assertThat(torrent.get("seeds").asInt()).isEqualTo(250);
		assertThat(torrent.get("peers").asInt()).isEqualTo(30);
		assertThat(torrent.get("hash").asString()).isEqualTo("D4E5F6");
		assertThat(torrent.get("url").asString()).isEqualTo("https://yts.example/torrent/download/D4");
		assertThat(getJson("/api/movies/1").get("torrents_count").asInt()).isZero();
	}

	@Test
	void recommendationsCarryTheMetricAndEveryMovieItsSimilarity() throws Exception {
		JsonNode answer = getJson("/api/recommendations/movie/1?limit=5&distance_metric=cosine");

		assertThat(answer.get("distance_metric").asString()).isEqualTo("cosine");
		// print(f"{movie['similarity_score']:.3f}") in the Python example needs a number
		answer.get("movies").forEach((movie) -> assertThat(movie.get("similarity_score").isNumber()).isTrue());
		assertThat(rawBody("/api/recommendations/movie/1?limit=5")).as("each key once")
			.satisfies((body) -> assertThat(body.split("\"similarity_score\"", -1)).hasSize(5 + 1));
	}

	@Test
	void catalogueListsSendNullForTheMetricAndTheSimilarity() throws Exception {
		for (String call : List.of("/api/search?query=action&limit=5", "/api/trending?limit=10",
				"/api/top-rated?limit=10&min_votes=1000", "/api/recommendations/genres?genres=Action")) {
			JsonNode answer = getJson(call);

			assertThat(answer.get("distance_metric").isNull()).as(call).isTrue();
			answer.get("movies")
				.forEach((movie) -> assertThat(movie.get("similarity_score").isNull()).as(call).isTrue());
		}
	}

	@Test
	void theOriginalsDefaultsHold() throws Exception {
		getJson("/api/trending").get("movies").forEach((movie) -> {
			assertThat(movie.get("year").asInt()).isGreaterThanOrEqualTo(2020);
			assertThat(movie.get("rating").asDouble()).isGreaterThanOrEqualTo(6.0);
		});
		getJson("/api/top-rated").get("movies").forEach((movie) -> {
			assertThat(movie.get("like_count").asInt()).isGreaterThanOrEqualTo(100);
			assertThat(movie.get("rating").asDouble()).isGreaterThanOrEqualTo(7.0);
		});
	}

	@Test
	void searchCoversDescriptionsAndCast() throws Exception {
		assertThat(titles("/api/search?query=wormhole")).contains("Interstellar");
		List<String> hanks = titles("/api/search?query=tom%20hanks");
		assertThat(hanks).contains("Forrest Gump", "Toy Story", "Saving Private Ryan");
	}

	@Test
	void aYtsGenreNameFindsMoviesImportedUnderAnotherSourcesName() throws Exception {
		HttpResponse<String> imported = this.http.send(HttpRequest.newBuilder(uri("/api/movies"))
			.header("Authorization", "Bearer test-admin-key")
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString("""
					[{"external_id": 990001, "title": "Contact", "year": 1997, "rating": 7.5, "like_count": 500,
					  "genres": ["Science Fiction", "Drama"]}]"""))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);

		assertThat(titles("/api/recommendations/genres?genres=Sci-Fi&limit=100")).contains("Contact", "Arrival");
		assertThat(titles("/api/recommendations/genres?genres=Science%20Fiction&limit=100")).contains("Contact",
				"Arrival");
		assertThat(getJson("/api/movies/external/990001").get("genres").get(0).asString()).isEqualTo("Science Fiction");
	}

	@Test
	void healthAndTheApiDescriptionAreWhereTheOriginalHadThem() throws Exception {
		JsonNode health = getJson("/health");
		assertThat(OriginalModels.problems(health, OriginalModels.HEALTH)).isEmpty();
		assertThat(health.get("status").asString()).isEqualTo("healthy");
		assertThat(health.get("database").asString()).isEqualTo("connected");

		HttpClient following = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
		for (String page : List.of("/docs", "/redoc")) {
			HttpResponse<String> ui = following.send(HttpRequest.newBuilder(uri(page)).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(ui.statusCode()).as(page).isEqualTo(200);
			assertThat(ui.headers().firstValue("Content-Type")).as(page)
				.hasValueSatisfying((type) -> assertThat(type).startsWith("text/html"));
		}
		JsonNode openapi = getJson("/openapi.json");
		assertThat(openapi.get("openapi").asString()).startsWith("3.");
		assertThat(openapi.get("paths").has("/api/recommendations/movie/{movie_id}")).isTrue();
	}

	@Test
	void theRootAnswersJsonClientsAsTheOriginalDid() throws Exception {
		// curl, Python requests and fetch send "*/*" (or nothing); the web page is for
		// browsers only
		assertThat(OriginalModels.problems(getJson("/"), OriginalModels.ROOT)).isEmpty();
		for (String accept : List.of("*/*", "application/json")) {
			HttpResponse<String> answer = this.http.send(
					HttpRequest.newBuilder(uri("/")).header("Accept", accept).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(answer.statusCode()).as(accept).isEqualTo(200);
			JsonNode root = this.json.readTree(answer.body());
			assertThat(OriginalModels.problems(root, OriginalModels.ROOT)).as(accept).isEmpty();
			assertThat(root.get("docs").asString()).isEqualTo("/docs");
			assertThat(root.get("health").asString()).isEqualTo("/health");
		}
	}

	@Test
	void aTrailingSlashIsNotA404() throws Exception {
		assertThat(OriginalModels.problems(getJson("/api/movies/1/"), OriginalModels.MOVIE)).isEmpty();
		assertThat(OriginalModels.problems(getJson("/api/trending/?limit=3"), OriginalModels.LIST)).isEmpty();
	}

	@Test
	void aBrowserPageOnAnotherOriginMayRead() throws Exception {
		HttpResponse<String> answer = this.http.send(
				HttpRequest.newBuilder(uri("/api/trending?limit=1")).header("Origin", "https://page.example").build(),
				HttpResponse.BodyHandlers.ofString());

		assertThat(answer.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
	}

	private List<String> titles(String call) throws Exception {
		return getJson(call).get("movies").valueStream().map((movie) -> movie.get("title").asString()).toList();
	}

	private JsonNode getJson(String call) throws Exception {
		return this.json.readTree(rawBody(call));
	}

	private String rawBody(String call) throws Exception {
		HttpResponse<String> answer = this.http.send(HttpRequest.newBuilder(uri(call)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(answer.statusCode()).as("%s: %s", call, answer.body()).isEqualTo(200);
		assertThat(answer.headers().firstValue("Content-Type")).as(call)
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/json"));
		return answer.body();
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

}
