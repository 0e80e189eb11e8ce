package dev.movies.movie;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.movies.IntegrationTest;
import dev.movies.TestData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.util.unit.DataSize;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@IntegrationTest
class MovieImportTests {

	private static final String ADMIN = "Bearer test-admin-key";

	@Autowired
	MockMvcTester mvc;

	@Autowired
	TestData data;

	@Autowired
	ObjectMapper json;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	MovieImportRepository importRepository;

	@BeforeEach
	void setUp() {
		this.data.reset();
	}

	@Test
	void importsJsonArrayOfMoviesAndCountsThemInserted() {
		JsonNode result = putJson(List.of(movie(1, "Inception"), movie(2, "Heat"), movie(3, "Alien"), movie(4, "Up")));

		assertCounts(result, 4, 4, 0, 0);
		assertThat(result.get("rejected").isEmpty()).isTrue();
		assertThat(this.jdbc.sql("SELECT count(*) FROM movies").query(Long.class).single()).isEqualTo(4);
	}

	@Test
	void importedMovieReadsBackWithEveryFieldAndCastInBillingOrder() {
		Map<String, Object> inception = movie(1001, "Inception");
		inception.put("imdb_code", "tt1375666");
		inception.put("title_english", "Inception");
		inception.put("rating", 8.8);
		inception.put("runtime", 148);
		inception.put("description_intro", "Dreams within dreams.");
		inception.put("like_count", 20000);
		inception.put("download_count", 900000);
		inception.put("date_uploaded", "2015-11-01T10:00:00Z");
		inception.put("yt_trailer_code", "YoHD9XEInc0");
		inception.put("cast", List.of(castMember("Leonardo DiCaprio", "Cobb"), castMember("Elliot Page", "Ariadne"),
				castMember("Tom Hardy", "Eames")));
		putJson(List.of(inception));

		assertThat(this.mvc.get().uri("/api/movies/external/1001")).hasStatusOk()
			.bodyJson()
			.hasPathSatisfying("$.imdb_code", (v) -> v.assertThat().isEqualTo("tt1375666"))
			.hasPathSatisfying("$.rating", (v) -> v.assertThat().isEqualTo(8.8))
			.hasPathSatisfying("$.runtime", (v) -> v.assertThat().isEqualTo(148))
			.hasPathSatisfying("$.like_count", (v) -> v.assertThat().isEqualTo(20000))
			.hasPathSatisfying("$.date_uploaded", (v) -> v.assertThat().asString().startsWith("2015-11-01T10:00"))
			.hasPathSatisfying("$.cast[*].name",
					(v) -> v.assertThat().asList().containsExactly("Leonardo DiCaprio", "Elliot Page", "Tom Hardy"))
			.hasPathSatisfying("$.cast[0].character_name", (v) -> v.assertThat().isEqualTo("Cobb"));
	}

	@Test
	void reimportCountsUnchangedAndLeavesUpdatedAtAlone() {
		List<Map<String, Object>> movies = List.of(movie(1, "Inception"), movie(2, "Heat"), movie(3, "Alien"),
				movie(4, "Up"));
		putJson(movies);
		OffsetDateTime before = updatedAt(1);

		JsonNode again = putJson(movies);

		assertCounts(again, 4, 0, 0, 4);
		assertThat(updatedAt(1)).isEqualTo(before);
	}

	@Test
	void changedRecordsCountAsUpdatedAndOnlyTheyGetANewUpdatedAt() {
		putJson(List.of(movie(1, "Inception"), movie(2, "Heat")));
		OffsetDateTime heatBefore = updatedAt(2);
		OffsetDateTime inceptionBefore = updatedAt(1);
		Map<String, Object> renamed = movie(1, "Inception (2010)");

		JsonNode result = putJson(List.of(renamed, movie(2, "Heat"), movie(3, "Alien")));

		assertCounts(result, 3, 1, 1, 1);
		assertThat(updatedAt(1)).isAfter(inceptionBefore);
		assertThat(updatedAt(2)).isEqualTo(heatBefore);
		assertThat(this.jdbc.sql("SELECT title FROM movies WHERE external_id = 1").query(String.class).single())
			.isEqualTo("Inception (2010)");
	}

	@Test
	void importsYtsListMoviesResponseWithItsQuirks() {
		String yts = """
				{"status": "ok", "status_message": "Query was successful",
				 "data": {"movie_count": 2, "limit": 20, "page_number": 1, "movies": [
				   {"id": 15553, "url": "https://yts.mx/movies/x", "imdb_code": "tt1375666", "title": "Inception",
				    "title_english": "Inception", "title_long": "Inception (2010)", "slug": "inception-2010",
				    "year": 2010, "rating": 8.8, "runtime": 148, "genres": [" Action ", "Sci-Fi"],
				    "summary": "A thief enters dreams.", "description_full": "A thief enters dreams to steal.",
				    "language": "en", "mpa_rating": "PG-13", "large_cover_image": "https://img/large.jpg",
				    "state": "ok", "torrents": [{"quality": "1080p", "size_bytes": 2147483648}],
				    "date_uploaded": "2015-11-01 10:00:00", "date_uploaded_unix": 1446372000,
				    "cast": [{"name": "Leonardo DiCaprio", "character_name": "Cobb", "url_small_image": "https://img/l.jpg",
				              "imdb_code": "0000138", "billing": 1}]},
				   {"id": 42, "title": "Heat", "year": 1995, "date_uploaded": "2016-02-03 04:05:06"}
				 ]},
				 "@meta": {"server_time": 1700000000}}
				""";

		JsonNode result = put(MediaType.APPLICATION_JSON, yts);

		assertCounts(result, 2, 2, 0, 0);
		assertThat(this.mvc.get().uri("/api/movies/external/15553")).hasStatusOk()
			.bodyJson()
			.hasPathSatisfying("$.genres", (v) -> v.assertThat().asList().containsExactly("Action", "Sci-Fi"))
			.hasPathSatisfying("$.description_intro", (v) -> v.assertThat().isEqualTo("A thief enters dreams."))
			.hasPathSatisfying("$.cast[0].character_name", (v) -> v.assertThat().isEqualTo("Cobb"))
			.hasPathSatisfying("$.date_uploaded", (v) -> v.assertThat().asString().startsWith("2015-11-01T10:00"));
		assertThat(this.mvc.get().uri("/api/movies/external/42")).hasStatusOk()
			.bodyJson()
			.hasPathSatisfying("$.date_uploaded", (v) -> v.assertThat().asString().startsWith("2016-02-03T04:05:06"));
	}

	@Test
	void ytsResponseWithoutMoviesImportsNothing() {
		JsonNode result = put(MediaType.APPLICATION_JSON,
				"{\"status\":\"ok\",\"data\":{\"movie_count\":0,\"limit\":20,\"page_number\":9}}");

		assertCounts(result, 0, 0, 0, 0);
	}

	@Test
	void ytsErrorResponseIsProblem400() {
		assertThat(
				putRequest(MediaType.APPLICATION_JSON, "{\"status\":\"error\",\"status_message\":\"bad\",\"data\":{}}"))
			.hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
	}

	/** A13: the documented movie_details shape imported nothing (a dead branch). */
	@Test
	void importsTheOneMovieOfAYtsMovieDetailsResponse() {
		JsonNode result = put(MediaType.APPLICATION_JSON,
				"{\"status\":\"ok\",\"data\":{\"movie\":{\"id\":840001,\"title\":\"Single\",\"year\":2001}}}");

		assertCounts(result, 1, 1, 0, 0);
		assertThat(this.jdbc.sql("SELECT title FROM movies WHERE external_id = 840001").query(String.class).single())
			.isEqualTo("Single");
	}

	/** A13: an error answer of YTS has no data; it got the generic "Expected ..." 400. */
	@Test
	void ytsErrorResponseWithoutDataIsProblem400QuotingItsMessage() {
		assertThat(putRequest(MediaType.APPLICATION_JSON, "{\"status\":\"error\",\"status_message\":\"bad\"}"))
			.hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.hasPathSatisfying("$.detail", (v) -> v.assertThat().isEqualTo("The YTS response has status 'error': bad"));
	}

	/**
	 * A2: Jackson truncated 810004.7 to 810004, so the record overwrote another movie;
	 * counts and years lost their fraction.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "\"external_id\": 1.7", "\"id\": 1.5", "\"year\": 1999.5", "\"runtime\": 99.9",
			"\"like_count\": 5.5", "\"download_count\": 1e3", "\"date_uploaded_unix\": 1446372000.5",
			"\"torrents\": [{\"seeds\": 1.5}]", "\"year\": true" })
	void aFractionInAWholeNumberFieldRejectsTheRecordAndOverwritesNothing(String field) {
		for (MediaType type : List.of(MediaType.APPLICATION_JSON, MediaType.APPLICATION_NDJSON)) {
			this.data.reset();
			putJson(List.of(movie(1, "Original")));
			String record = "{\"title\": \"Overwritten\", " + field
					+ (field.contains("id\"") ? "" : ", \"external_id\": 1") + "}";

			JsonNode result = put(type, type.equals(MediaType.APPLICATION_JSON) ? "[" + record + "]" : record);

			assertCounts(result, 1, 0, 0, 0);
			String name = field.substring(1, field.indexOf('"', 1));
			assertThat(result.get("rejected").get(0).get("error").asString()).as(type + " " + field)
				.startsWith(name)
				.contains("must be a whole number");
			assertThat(this.jdbc.sql("SELECT title FROM movies").query(String.class).list())
				.containsExactly("Original");
		}
	}

	/**
	 * A6: a text whose search document passes PostgreSQL's 1 MB tsvector limit failed the
	 * whole chunk as a 503 "database unavailable"; only that record is refused.
	 */
	@Test
	void aRecordTooLargeForTheSearchIndexIsRejectedAloneAndItsChunkIsKept() {
		java.util.Random random = new java.util.Random(2);
		StringBuilder words = new StringBuilder();
		while (words.length() < 900_000) {
			for (int i = 0; i < 10; i++) {
				words.append((char) ('a' + random.nextInt(26)));
			}
			words.append(' ');
		}
		String ndjson = line(movie(1, "Before")) + line(with(movie(2, "Huge"), "description_full", words.toString()))
				+ line(movie(3, "Neighbour"));

		JsonNode result = put(MediaType.APPLICATION_NDJSON, ndjson);

		assertCounts(result, 3, 2, 0, 0);
		JsonNode rejected = result.get("rejected").get(0);
		assertThat(rejected.get("index").asLong()).isEqualTo(1);
		assertThat(rejected.get("external_id").asLong()).isEqualTo(2);
		assertThat(rejected.get("error").asString()).contains("too much text");
		assertThat(this.jdbc.sql("SELECT external_id FROM movies ORDER BY external_id").query(Long.class).list())
			.containsExactly(1L, 3L);
	}

	/**
	 * A3: reasons quoted Jackson ("Cannot deserialize value of type `java.lang.Long`",
	 * "enable `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS`").
	 */
	@Test
	void rejectionReasonsSayWhatIsWrongWithoutJavaOrJacksonNames() {
		JsonNode result = put(MediaType.APPLICATION_NDJSON, "[1]\n{\"external_id\":true,\"title\":\"x\"}\n"
				+ "{\"external_id\":1,\"title\":\"x\",\"rating\":NaN}\n{\"external_id\":2,\"title\":[\"x\"]}\n");

		List<String> errors = result.get("rejected").findValuesAsString("error");
		assertThat(errors).containsExactly("not a movie object: each record must be a JSON object",
				"external_id: must be a whole number", "not valid JSON: Non-standard token 'NaN'",
				"title: must be text");
		assertThat(errors).allSatisfy((error) -> assertThat(error).doesNotContain("`", "java", "Json", "enable"));
	}

	/** A19: negative torrent counts and a javascript: link were stored as given. */
	@ParameterizedTest
	@ValueSource(strings = { "\"seeds\": -3", "\"peers\": -1", "\"size_bytes\": -5", "\"url\": \"javascript:alert(1)\"",
			"\"url\": \" JavaScript:alert(1)\"", "\"url\": \"data:text/html,x\"" })
	void aTorrentWithANegativeCountOrAnUnsafeLinkRejectsItsRecord(String field) {
		JsonNode result = put(MediaType.APPLICATION_JSON,
				"[{\"external_id\": 1, \"title\": \"Probe\", \"torrents\": [{\"hash\": \"x\", " + field + "}]},"
						+ "{\"external_id\": 2, \"title\": \"Fine\", \"torrents\": [{\"url\": \"https://yts.mx/t/1\", "
						+ "\"seeds\": 0}, {\"url\": \"magnet:?xt=urn:btih:abc\", \"size_bytes\": 5}]}]");

		assertCounts(result, 2, 1, 0, 0);
		assertThat(result.get("rejected").get(0).get("error").asString()).startsWith("torrents[0].")
			.containsAnyOf("must be >= 0", "must be an http, https or magnet URL");
	}

	@Test
	void importsNdjsonAndRejectsABrokenLineInTheMiddleAtItsIndex() {
		String ndjson = line(movie(1, "Inception")) + line(movie(2, "Heat")) + "{\"external_id\": 3, \"title\": \n"
				+ "\n" + line(movie(4, "Alien")) + line(movie(5, "Up")) + line(movie(6, "Ran")).stripTrailing();

		JsonNode result = put(MediaType.APPLICATION_NDJSON, ndjson);

		assertCounts(result, 6, 5, 0, 0);
		assertThat(result.get("rejected_count").asLong()).isEqualTo(1);
		JsonNode rejected = result.get("rejected").get(0);
		assertThat(rejected.get("index").asLong()).isEqualTo(2);
		assertThat(rejected.get("external_id").isNull()).isTrue();
		assertThat(rejected.get("error").asString()).startsWith("not valid JSON");
		assertThat(this.jdbc.sql("SELECT external_id FROM movies ORDER BY external_id").query(Long.class).list())
			.containsExactly(1L, 2L, 4L, 5L, 6L);
	}

	/** Finding 5: one out-of-range value used to fail the whole request with a 500. */
	@ParameterizedTest
	@ValueSource(strings = { "\"date_uploaded_unix\": 99999999999999999", "\"date_uploaded_unix\": -99999999999999999",
			"\"rating\": 1e999999999", "\"rating\": -1e999", "\"year\": 99999999999", "\"runtime\": 99999999999",
			"\"like_count\": 1e30", "\"runtime\": \"long\"", "\"genres\": {\"a\": 1}", "\"cast\": [{\"name\": [1]}]",
			"\"date_uploaded\": \"9999999-01-01\"", "\"year\": \"0x7D0\"", "\"year\": \" 2016\"", "\"year\": 2016.5",
			"\"year\": \"+2016\"", "\"rating\": \"7.5f\"", "\"rating\": \" 7.5\"", "\"rating\": \"0x1p3\"",
			"\"like_count\": \"#10\"", "\"runtime\": \"90d\"", "\"torrents\": [{\"seeds\": \"0x5\"}]" })
	void aRecordWithABadFieldValueIsRejectedAloneInJsonAndNdjson(String badField) {
		String good = "{\"external_id\": 1, \"title\": \"Good\"}";
		String bad = "{\"external_id\": 2, \"title\": \"Bad\", " + badField + "}";
		String alsoGood = "{\"external_id\": 3, \"title\": \"Also good\"}";

		for (MediaType type : List.of(MediaType.APPLICATION_JSON, MediaType.APPLICATION_NDJSON)) {
			this.data.reset();
			String body = type.equals(MediaType.APPLICATION_JSON) ? "[" + good + "," + bad + "," + alsoGood + "]"
					: good + "\n" + bad + "\n" + alsoGood + "\n";

			JsonNode result = put(type, body);

			assertCounts(result, 3, 2, 0, 0);
			JsonNode rejected = result.get("rejected").get(0);
			assertThat(rejected.get("index").asLong()).as(type + " " + badField).isEqualTo(1);
			assertThat(rejected.get("error").asString()).isNotBlank();
			assertThat(this.jdbc.sql("SELECT external_id FROM movies ORDER BY external_id").query(Long.class).list())
				.containsExactly(1L, 3L);
		}
	}

	/**
	 * Numbers as strings in the API's spelling still import (some exports quote them).
	 */
	@Test
	void numbersWrittenAsPlainStringsStillImport() {
		JsonNode result = put(MediaType.APPLICATION_JSON, """
				[{"external_id": "7", "title": "Quoted", "year": "2016", "rating": "7.5", "runtime": "90",
				  "like_count": "10", "torrents": [{"seeds": "5", "size_bytes": "123"}]}]
				""");

		assertCounts(result, 1, 1, 0, 0);
		assertThat(this.jdbc.sql("SELECT year FROM movies WHERE external_id = 7").query(Integer.class).single())
			.isEqualTo(2016);
	}

	@Test
	void ndjsonStreamsPastTheJsonDocumentLimit() {
		// 1MB is the document limit in the tests; a JSON array this size is refused, the
		// stream is not.
		String description = "x".repeat(40_000);
		List<Map<String, Object>> movies = IntStream.rangeClosed(1, 40).mapToObj((i) -> {
			Map<String, Object> movie = movie(i, "Movie " + i);
			movie.put("description_full", description);
			return movie;
		}).toList();
		String ndjson = movies.stream().map(this::line).collect(Collectors.joining());
		assertThat(ndjson.length()).isGreaterThan(1024 * 1024);

		assertCounts(put(MediaType.APPLICATION_NDJSON, ndjson), 40, 40, 0, 0);
		assertThat(putRequest(MediaType.APPLICATION_JSON, this.json.writeValueAsString(movies)))
			.hasStatus(HttpStatus.CONTENT_TOO_LARGE)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.hasPathSatisfying("$.status", (v) -> v.assertThat().isEqualTo(413));
	}

	@Test
	void acceptsJsonLinesMediaTypeAsNdjson() {
		assertCounts(put(MediaType.parseMediaType("application/jsonl"), line(movie(1, "Heat"))), 1, 1, 0, 0);
	}

	@Test
	void rejectsEachInvalidRecordWithItsReasonAndImportsTheGoodOnes() {
		List<Map<String, Object>> movies = new ArrayList<>();
		movies.add(movie(1, "Good One"));
		movies.add(without(movie(2, "No Id"), "external_id"));
		movies.add(movie(-3, "Negative Id"));
		movies.add(movie(4, "   "));
		movies.add(with(movie(5, "Too Old"), "year", 1500));
		movies.add(with(movie(6, "Too Good"), "rating", 10.5));
		movies.add(with(movie(7, "Negative Runtime"), "runtime", -1));
		movies.add(with(movie(8, "Negative Likes"), "like_count", -5));
		movies.add(with(movie(9, "Nameless Cast"), "cast", List.of(castMember("A", "B"), castMember(" ", "C"))));
		movies.add(with(movie(10, "Bad Date"), "date_uploaded", "yesterday"));
		movies.add(with(movie(11, "Bad Type"), "year", "nineteen"));
		movies.add(movie(12, "Good Two"));

		JsonNode result = putJson(movies);

		assertCounts(result, 12, 2, 0, 0);
		assertThat(result.get("rejected_count").asLong()).isEqualTo(10);
		Map<Long, String> errors = new LinkedHashMap<>();
		result.get("rejected").forEach((r) -> errors.put(r.get("index").asLong(), r.get("error").asString()));
		assertThat(errors).containsOnlyKeys(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
		assertThat(errors.get(1L)).contains("external_id is required");
		assertThat(errors.get(2L)).contains("external_id must be positive");
		assertThat(errors.get(3L)).contains("title is required");
		assertThat(errors.get(4L)).contains("year must be between 1870 and 2100");
		assertThat(errors.get(5L)).contains("rating must be between 0 and 10");
		assertThat(errors.get(6L)).contains("runtime must be >= 0");
		assertThat(errors.get(7L)).contains("like_count must be between 0");
		assertThat(errors.get(8L)).contains("cast[1].name is required");
		assertThat(errors.get(9L)).contains("date_uploaded");
		assertThat(errors.get(10L)).startsWith("year:");
		assertThat(result.get("rejected").get(1).get("external_id").asLong()).isEqualTo(-3);
	}

	@Test
	void elementsThatAreNotMovieObjectsAreRejected() {
		JsonNode result = put(MediaType.APPLICATION_JSON,
				"[null, 42, \"Heat\", {\"external_id\": 1, \"title\": \"Heat\"}]");

		assertCounts(result, 4, 1, 0, 0);
		assertThat(result.get("rejected").findValuesAsString("error")).hasSize(3)
			.allSatisfy((error) -> assertThat(error).startsWith("not a movie object"));
	}

	@Test
	void namesEveryProblemOfOneRecord() {
		JsonNode result = putJson(List.of(with(with(movie(1, ""), "rating", -1), "runtime", -2)));

		assertThat(result.get("rejected").get(0).get("error").asString()).contains("title is required")
			.contains("rating must be")
			.contains("runtime must be");
	}

	@Test
	void genresAreTrimmedAndEachKeptOnce() {
		putJson(List.of(with(movie(1, "Heat"), "genres", List.of(" Crime ", "Drama", "crime", "", "  "))));

		assertThat(this.mvc.get().uri("/api/movies/external/1")).bodyJson()
			.hasPathSatisfying("$.genres", (v) -> v.assertThat().asList().containsExactly("Crime", "Drama"));
	}

	@Test
	void duplicateExternalIdInOneRequestKeepsTheFirstAndRejectsTheLater() {
		// chunk-size is 3 in the tests: the duplicate arrives in a later chunk than the
		// original.
		JsonNode result = putJson(
				List.of(movie(1, "First"), movie(2, "Heat"), movie(3, "Alien"), movie(4, "Up"), movie(1, "Second")));

		assertCounts(result, 5, 4, 0, 0);
		JsonNode rejected = result.get("rejected").get(0);
		assertThat(rejected.get("index").asLong()).isEqualTo(4);
		assertThat(rejected.get("external_id").asLong()).isEqualTo(1);
		assertThat(rejected.get("error").asString()).contains("duplicate external_id 1").contains("index 0");
		assertThat(this.jdbc.sql("SELECT title FROM movies WHERE external_id = 1").query(String.class).single())
			.isEqualTo("First");
	}

	@Test
	void brokenJsonArrayIsProblem400AndImportsNothing() {
		assertThat(putRequest(MediaType.APPLICATION_JSON, "[" + line(movie(1, "Heat")) + ", {\"title\": "))
			.hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.hasPathSatisfying("$.detail", (v) -> v.assertThat().asString().contains("not valid JSON"));
		assertThat(this.jdbc.sql("SELECT count(*) FROM movies").query(Long.class).single()).isZero();
	}

	@Test
	void jsonOfAnotherShapeIsProblem400() {
		assertThat(putRequest(MediaType.APPLICATION_JSON, "{\"movies\": []}")).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void wrongContentTypeIsProblem415() {
		assertThat(putRequest(MediaType.TEXT_PLAIN, "Inception")).hasStatus(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.hasPathSatisfying("$.status", (v) -> v.assertThat().isEqualTo(415));
	}

	@Test
	void ndjsonStreamOverItsLimitKeepsTheChunksBeforeAndAnswers413() {
		CatalogueProperties small = new CatalogueProperties(DataSize.ofKilobytes(1), DataSize.ofKilobytes(1),
				DataSize.ofKilobytes(1), 2, 10, false, null, Duration.ofDays(365), 100, 100, 300, 1000);
		MovieImportService imports = new MovieImportService(this.importRepository, small, this.json, (event) -> {
		});
		String ndjson = IntStream.rangeClosed(1, 40)
			.mapToObj((i) -> line(movie(i, "Movie " + i)))
			.collect(Collectors.joining());

		// -1: a chunked request, whose length is only known by reading it, arriving in
		// small packets
		InputStream packets = new FilterInputStream(new ByteArrayInputStream(ndjson.getBytes())) {
			@Override
			public int read(byte[] b, int off, int len) throws IOException {
				return super.read(b, off, Math.min(len, 100));
			}
		};
		assertThatExceptionOfType(ImportTooLargeException.class).isThrownBy(() -> imports.importNdjson(packets, -1))
			.satisfies((ex) -> {
				assertThat(ex.getStatusCode().value()).isEqualTo(413);
				ImportResult imported = (ImportResult) ex.getBody().getProperties().get("imported");
				assertThat(imported.inserted()).isPositive().isEqualTo(imported.received());
				assertThat(this.jdbc.sql("SELECT count(*) FROM movies").query(Long.class).single())
					.isEqualTo(imported.inserted());
			});
	}

	@Test
	void importRequiresTheAdminKey() {
		String body = this.json.writeValueAsString(List.of(movie(1, "Heat")));
		assertThat(this.mvc.put().uri("/api/movies").contentType(MediaType.APPLICATION_JSON).content(body))
			.hasStatus(HttpStatus.UNAUTHORIZED)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(this.mvc.put()
			.uri("/api/movies")
			.header(HttpHeaders.AUTHORIZATION, "Bearer wrong")
			.contentType(MediaType.APPLICATION_JSON)
			.content(body)).hasStatus(HttpStatus.UNAUTHORIZED);
		assertThat(this.jdbc.sql("SELECT count(*) FROM movies").query(Long.class).single()).isZero();
	}

	@Test
	void bundledSampleCatalogImportsWithoutRejects() throws Exception {
		String sample = Files.readString(Path.of("src/main/resources/catalog/sample-movies.json"));

		JsonNode result = put(MediaType.APPLICATION_JSON, sample);

		assertThat(result.get("rejected_count").asLong()).as(result.get("rejected").toString()).isZero();
		assertThat(result.get("inserted").asLong()).isEqualTo(result.get("received").asLong()).isPositive();
	}

	private JsonNode putJson(List<Map<String, Object>> movies) {
		return put(MediaType.APPLICATION_JSON, this.json.writeValueAsString(movies));
	}

	private JsonNode put(MediaType type, String body) {
		MvcTestResult result = putRequest(type, body);
		assertThat(result).hasStatusOk();
		return this.json.readTree(result.getResponse().getContentAsByteArray());
	}

	private MvcTestResult putRequest(MediaType type, String body) {
		return this.mvc.put()
			.uri("/api/movies")
			.header(HttpHeaders.AUTHORIZATION, ADMIN)
			.contentType(type)
			.content(body.getBytes(StandardCharsets.UTF_8))
			.exchange();
	}

	private String line(Map<String, Object> movie) {
		return this.json.writeValueAsString(movie) + "\n";
	}

	private OffsetDateTime updatedAt(long externalId) {
		return this.jdbc.sql("SELECT updated_at FROM movies WHERE external_id = :id")
			.param("id", externalId)
			.query(OffsetDateTime.class)
			.single();
	}

	private static void assertCounts(JsonNode result, long received, long inserted, long updated, long unchanged) {
		assertThat(List.of(result.get("received").asLong(), result.get("inserted").asLong(),
				result.get("updated").asLong(), result.get("unchanged").asLong()))
			.as(result.toString())
			.containsExactly(received, inserted, updated, unchanged);
	}

	static Map<String, Object> movie(long externalId, String title) {
		Map<String, Object> movie = new LinkedHashMap<>();
		movie.put("external_id", externalId);
		movie.put("title", title);
		movie.put("year", 2000);
		movie.put("genres", List.of("Drama"));
		return movie;
	}

	private static Map<String, Object> with(Map<String, Object> movie, String field, Object value) {
		movie.put(field, value);
		return movie;
	}

	private static Map<String, Object> without(Map<String, Object> movie, String field) {
		movie.remove(field);
		return movie;
	}

	private static Map<String, Object> castMember(String name, String character) {
		Map<String, Object> member = new LinkedHashMap<>();
		member.put("name", name);
		member.put("character_name", character);
		return member;
	}

}
