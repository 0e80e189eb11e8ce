package dev.movies.system;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import dev.movies.TestData;
import dev.movies.TestDatabaseConfiguration;
import dev.movies.support.RawHttp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Findings 2, 3 and 5 over real HTTP: what one request without the admin key may cost,
 * and bad input that used to end in a 500.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "movies.limits.query-timeout=1s", "movies.limits.max-request-body=64KB" })
@ActiveProfiles("test")
@Import({ TestDatabaseConfiguration.class, TestData.class })
class RequestLimitsTests {

	static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

	@LocalServerPort
	int port;

	@Autowired
	TestData data;

	@Autowired
	DataSource dataSource;

	long movieId;

	@BeforeEach
	void seed() {
		this.data.reset();
		this.movieId = this.data.insertMovie(1, "Heat", 1995, 8.3, List.of("Crime"), "A heist.");
	}

	@Test
	void aNullExcludedIdIsA400() throws Exception {
		RawHttp.Response response = post("{\"liked\":[%d],\"exclude\":[null]}".formatted(this.movieId));

		assertProblem(response, 400);
		assertThat(response.body()).contains("\"parameter\":\"exclude\"", "must not contain null");
	}

	@Test
	void tooManyExcludedIdsOrGenresAreA400() throws Exception {
		String ids = IntStream.rangeClosed(1, 1001).mapToObj(String::valueOf).collect(Collectors.joining(","));
		String genres = IntStream.rangeClosed(1, 51).mapToObj((i) -> "\"g" + i + "\"").collect(Collectors.joining(","));

		RawHttp.Response exclude = post("{\"liked\":[%d],\"exclude\":[%s]}".formatted(this.movieId, ids));
		RawHttp.Response genre = post("{\"liked\":[%d],\"genres\":[%s]}".formatted(this.movieId, genres));

		assertProblem(exclude, 400);
		assertThat(exclude.body()).contains("\"parameter\":\"exclude\"", "at most 1000");
		assertProblem(genre, 400);
		assertThat(genre.body()).contains("\"parameter\":\"genres\"", "at most 50");
	}

	@Test
	void aBodyOverTheLimitIsA413WhetherAnnouncedOrStreamed() throws Exception {
		String huge = "{\"liked\":[%d],\"exclude\":[%s]}".formatted(this.movieId,
				String.join(",", Collections.nCopies(40_000, "7")));

		RawHttp.Response announced = post(huge);
		RawHttp.Response streamed = RawHttp.send(this.port, "POST", "/api/recommendations",
				Map.of("Content-Type", "application/json", "Transfer-Encoding", "chunked"), chunked(huge));

		assertProblem(announced, 413);
		assertProblem(streamed, 413);
		assertThat(streamed.body()).contains("65536 bytes");
	}

	@Test
	void aQueryOverTheTimeoutIsCancelledAndAnswered503() throws Exception {
		try (Connection lock = this.dataSource.getConnection()) {
			lock.setAutoCommit(false);
			try (Statement statement = lock.createStatement()) {
				statement.execute("LOCK TABLE movies IN ACCESS EXCLUSIVE MODE");
			}
			CompletableFuture<RawHttp.Response> read = CompletableFuture
				.supplyAsync(() -> get("/api/movies/" + this.movieId, Map.of()));
			CompletableFuture<RawHttp.Response> admin = CompletableFuture.supplyAsync(
					() -> get("/api/movies/" + this.movieId, Map.of("Authorization", "Bearer test-admin-key")));

			RawHttp.Response cancelled = read.get();
			// the admin's read still waits: only requests without the key are bounded
			assertThat(admin).isNotDone();
			lock.rollback();

			assertProblem(cancelled, 503);
			assertThat(cancelled.header("Retry-After")).isNotNull();
			assertThat(admin.get().status()).isEqualTo(200);
		}
	}

	@Test
	void aQueryThatIsNotUtf8IsNeverA500() throws Exception {
		RawHttp.Response response = get("/api/search?query=%ff%fe", Map.of());

		assertThat(response.status()).isIn(200, 400);
		assertThat(response.header("Content-Type"))
			.startsWith(response.status() == 200 ? "application/json" : "application/problem+json");
	}

	@Test
	void anOverLongQueryStringIsAProblemNotAnHtmlPage() throws Exception {
		RawHttp.Response response = get("/api/search?query=" + "a".repeat(20_000), Map.of());

		// 414 URI Too Long (RequestLineProblemsTests says what it holds)
		assertProblem(response, 414);
	}

	/**
	 * Finding 6: the operator's first command, a bare {@code curl -X POST}, answered 415.
	 */
	@Test
	void aBarePostToTheEmbeddingsEndpointStartsABackfill() throws Exception {
		RawHttp.Response started = RawHttp.send(this.port, "POST", "/actuator/embeddings",
				Map.of("Authorization", "Bearer test-admin-key"), null);

		assertThat(started.status()).as(started.body()).isEqualTo(202);
		assertThat(started.body()).contains("\"force\":false");
	}

	private RawHttp.Response post(String body) throws Exception {
		return RawHttp.send(this.port, "POST", "/api/recommendations", JSON, body.getBytes(StandardCharsets.UTF_8));
	}

	private RawHttp.Response get(String target, Map<String, String> headers) {
		try {
			return RawHttp.send(this.port, "GET", target, headers, null);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static byte[] chunked(String body) {
		StringBuilder out = new StringBuilder();
		for (int i = 0; i < body.length(); i += 8192) {
			String chunk = body.substring(i, Math.min(body.length(), i + 8192));
			out.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
		}
		return out.append("0\r\n\r\n").toString().getBytes(StandardCharsets.UTF_8);
	}

	private static void assertProblem(RawHttp.Response response, int status) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
	}

}
