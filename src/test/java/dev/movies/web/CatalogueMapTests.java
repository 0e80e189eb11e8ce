package dev.movies.web;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import dev.movies.IntegrationTest;
import dev.movies.TestData;
import dev.movies.embedding.EmbeddingModel;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@IntegrationTest
class CatalogueMapTests {

	@Autowired
	private MockMvc mvc;

	@Autowired
	private TestData testData;

	@Autowired
	private EmbeddingModel model;

	@Autowired
	private ObjectMapper json;

	@BeforeEach
	void emptyCatalogue() {
		this.testData.reset();
	}

	@Test
	void placesEveryEmbeddedMovieWithItsTitleAndColourAndSeparatesWhatIsApart() throws Exception {
		// two groups of movies far apart in embedding space, one movie without a vector,
		// one of another model
		for (int i = 0; i < 20; i++) {
			// half of them under TMDB's name for the genre: one genre, one colour
			String sciFi = (i % 2 == 0) ? "Sci-Fi" : "Science Fiction";
			embed(this.testData.insertMovie(100 + i, "Space " + i, 2000 + i, 7, List.of(sciFi, "Drama"), "space"),
					clusterVector(0, i), this.model.name());
			embed(this.testData.insertMovie(200 + i, "Love " + i, 1990 + i, 7, List.of("Romance"), "love"),
					clusterVector(1, i), this.model.name());
		}
		this.testData.insertMovie(300, "Not embedded", 2001, 7, List.of("Drama"), "nothing");
		embed(this.testData.insertMovie(301, "Other model", 2001, 7, List.of("Drama"), "other"), clusterVector(0, 99),
				"some-other-model");

		JsonNode map = awaitMap(40);
		assertThat(map.get("status").asString()).isEqualTo("ready");
		assertThat(map.get("model").asString()).isEqualTo(this.model.name());
		assertThat(map.get("ids")).hasSize(40);
		assertThat(map.get("titles")).hasSize(40);
		assertThat(map.get("x")).hasSize(40);
		assertThat(map.get("genres").toString()).contains("Sci-Fi", "Romance", "Other");
		assertThat(map.get("titles").toString()).doesNotContain("Not embedded", "Other model");

		// a Sci-Fi/Drama movie takes the rarer colour: Sci-Fi, not Drama
		List<String> genres = this.json.convertValue(map.get("genres"), List.class);
		for (int i = 0; i < 20; i++) {
			int space = index(map, "Space " + i);
			assertThat(genres.get(map.get("genre").get(space).asInt())).as("Space " + i).isEqualTo("Sci-Fi");
		}
		assertThat(genres).doesNotContain("Science Fiction");

		// the two groups land on opposite sides of the first axis
		double spaceX = meanX(map, "Space");
		double loveX = meanX(map, "Love");
		assertThat(Math.abs(spaceX - loveX)).isGreaterThan(CatalogueMap.GRID / 2.0);
		for (int i = 0; i < 40; i++) {
			int x = map.get("x").get(i).asInt();
			assertThat(x).isBetween(0, CatalogueMap.GRID);
			boolean spaceMovie = map.get("titles").get(i).asString().startsWith("Space");
			assertThat(Math.abs(x - (spaceMovie ? spaceX : loveX))).isLessThan(CatalogueMap.GRID / 4.0);
		}
	}

	@Test
	void anUnchangedMapRevalidatesAndAChangedCatalogueIsRecomputed() throws Exception {
		for (int i = 0; i < 5; i++) {
			embed(this.testData.insertMovie(400 + i, "Movie " + i, 2000, 7, List.of("Drama"), "x"),
					clusterVector(i % 2, i), this.model.name());
		}
		awaitMap(5);
		MvcResult first = this.mvc.perform(get("/api/map")).andExpect(status().isOk()).andReturn();
		String etag = first.getResponse().getHeader(HttpHeaders.ETAG);
		assertThat(etag).isNotBlank();
		this.mvc.perform(get("/api/map").header(HttpHeaders.IF_NONE_MATCH, etag)).andExpect(status().isNotModified());

		embed(this.testData.insertMovie(410, "Late arrival", 2020, 7, List.of("Comedy"), "x"), clusterVector(0, 50),
				this.model.name());
		JsonNode map = awaitMap(6);
		assertThat(map.get("titles").toString()).contains("Late arrival");
	}

	@Test
	void anEmptyCatalogueHasAnEmptyMap() throws Exception {
		JsonNode map = awaitMap(0);
		assertThat(map.get("ids")).isEmpty();
		assertThat(map.get("genres").toString()).isEqualTo("[\"Other\"]");
	}

	/**
	 * Asks for the map until it is computed and has this many movies: the answer is a 202
	 * while the service computes it in the background, and may briefly be the previous
	 * map.
	 */
	private JsonNode awaitMap(int count) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (true) {
			MvcResult result = this.mvc.perform(get("/api/map")).andReturn();
			int code = result.getResponse().getStatus();
			assertThat(code).as("map status").isIn(200, 202);
			JsonNode body = this.json.readTree(result.getResponse().getContentAsString());
			if (code == 200 && "ready".equals(body.get("status").asString()) && body.get("count").asInt() == count) {
				return body;
			}
			if (code == 202) {
				assertThat(result.getResponse().getHeader(HttpHeaders.RETRY_AFTER)).isNotNull();
				assertThat(body.get("status").asString()).isEqualTo("computing");
			}
			assertThat(System.nanoTime()).as("map with %d movies within 30 s", count).isLessThan(deadline);
			Thread.sleep(100);
		}
	}

	private float[] clusterVector(int cluster, int i) {
		float[] v = new float[this.model.dimension()];
		v[cluster] = 1;
		// a little spread inside the cluster, on other axes
		v[2 + (i % 7)] = 0.05f * (1 + i % 3);
		return v;
	}

	private void embed(long movieId, float[] vector, String model) {
		this.testData.insertEmbedding(movieId, vector, model);
	}

	private static int index(JsonNode map, String title) {
		for (int i = 0; i < map.get("titles").size(); i++) {
			if (map.get("titles").get(i).asString().equals(title)) {
				return i;
			}
		}
		throw new AssertionError("no " + title + " on the map");
	}

	private static double meanX(JsonNode map, String prefix) {
		double sum = 0;
		int n = 0;
		for (int i = 0; i < map.get("titles").size(); i++) {
			if (map.get("titles").get(i).asString().startsWith(prefix)) {
				sum += map.get("x").get(i).asInt();
				n++;
			}
		}
		return sum / n;
	}

}
