package dev.movies.recommendation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import com.jayway.jsonpath.JsonPath;
import dev.movies.IntegrationTest;
import dev.movies.embedding.TestEmbeddingModelConfiguration;
import dev.movies.recommendation.VectorCatalogue.TestMovie;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static dev.movies.recommendation.RecommendationAnswers.body;
import static dev.movies.recommendation.RecommendationAnswers.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The recommendation endpoints on a seeded 1,000-movie catalogue, checked against the
 * exact nearest-neighbour computation in Java.
 */
@IntegrationTest
@Import(TestEmbeddingModelConfiguration.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecommendationControllerTests {

	@Autowired
	MockMvcTester mvc;

	@Autowired
	ApplicationContext context;

	@Autowired
	JdbcClient jdbc;

	ServiceParts parts;

	VectorCatalogue catalogue;

	TestMovie base;

	TestMovie inception;

	List<TestMovie> sequels = new ArrayList<>();

	TestMovie unembedded;

	@BeforeAll
	void createCatalogue() {
		this.parts = ServiceParts.of(this.context);
		this.catalogue = this.parts.emptyCatalogue().generate(1000);
		this.base = this.catalogue.movies().get(0);
		// a saga: five near-identical vectors close to the base movie
		float[] sagaDirection = this.catalogue.randomUnit();
		float[] saga = new float[VectorCatalogue.DIMENSION];
		for (int i = 0; i < saga.length; i++) {
			saga[i] = this.base.vector()[i] + 0.6f * sagaDirection[i];
		}
		saga = VectorCatalogue.normalise(saga);
		for (int i = 1; i <= 5; i++) {
			this.sequels.add(this.catalogue.add("Saga Part " + i, 2000 + i, 7.0, 500, List.of("Action"), "en",
					this.catalogue.near(saga, 0.05)));
		}
		this.inception = this.catalogue.add("Inception", 2010, 8.8, 4000, List.of("Action", "Sci-Fi"), "en",
				this.parts.embeddingModel()
					.embed("A thief who steals corporate secrets through dream sharing technology"));
		this.catalogue.add("Amelie", 2001, 8.3, 3000, List.of("Comedy", "Romance"), "fr", this.parts.embeddingModel()
			.embed("A shy waitress in Paris decides to change the lives of those around her"));
		this.unembedded = this.catalogue.add("Not Yet Embedded", 2024, 7.0, 10, List.of("Drama"), "en", null);
		this.catalogue.analyze();
	}

	@ParameterizedTest
	@EnumSource(DistanceMetric.class)
	void similarToMovieMatchesExactComputationForEveryMetric(DistanceMetric metric) {
		List<TestMovie> expected = exact(this.base.vector(), (m) -> m.id() != this.base.id()).subList(0, 10);
		MvcTestResult result = this.mvc.get()
			.uri("/api/recommendations/movie/{id}?ranking=similarity&distance_metric={metric}", this.base.id(),
					metric.apiName())
			.exchange();
		assertThat(result).hasStatusOk();
		String json = body(result);
		assertThat(ids(json)).containsExactlyElementsOf(expected.stream().map(TestMovie::id).toList());
		assertThat((String) JsonPath.read(json, "$.distance_metric")).isEqualTo(metric.apiName());
		assertThat((Integer) JsonPath.read(json, "$.total")).isEqualTo(10);
		for (int i = 0; i < expected.size(); i++) {
			double distance = VectorCatalogue.distance(metric, this.base.vector(), expected.get(i).vector());
			double dot = VectorCatalogue.dot(this.base.vector(), expected.get(i).vector());
			double similarity = switch (metric) {
				case COSINE, INNER_PRODUCT -> dot;
				case L2 -> 1 / (1 + distance);
			};
			assertThat(number(json, "$.movies[%d].distance".formatted(i))).isCloseTo(distance, within(1e-4));
			assertThat(number(json, "$.movies[%d].similarity_score".formatted(i))).isCloseTo(similarity, within(1e-4));
		}
		Map<String, Object> first = JsonPath.read(json, "$.movies[0]");
		assertThat(first).as("no blended score without ranking").doesNotContainKey("score");
	}

	@Test
	void externalIdFindsTheSameRecommendationsAsMovieId() {
		String byId = get("/api/recommendations/movie/{id}", this.base.id());
		String byExternalId = get("/api/recommendations/external/{id}", this.base.externalId());
		assertThat(ids(byExternalId)).isNotEmpty().isEqualTo(ids(byId)).doesNotContain(this.base.id());
	}

	@Test
	void returnsFullMovieObjectsWithScores() {
		String json = get("/api/recommendations/movie/{id}?limit=3", this.inception.id());
		assertThat((List<?>) JsonPath.read(json, "$.movies[0].genres")).isNotEmpty();
		assertThat((Object) JsonPath.read(json, "$.movies[0].title")).isNotNull();
		assertThat((Object) JsonPath.read(json, "$.movies[0].external_id")).isNotNull();
		assertThat((List<?>) JsonPath.read(json, "$.movies[0].cast")).isEmpty();
		assertThat((Object) JsonPath.read(json, "$.movies[0].score")).isNotNull();
	}

	@Test
	void blendedRankingKeepsTheMetricSimilarityAndAddsItsOwnScore() {
		String json = get("/api/recommendations/movie/{id}?limit=20", this.base.id());
		List<Double> scores = JsonPath.read(json, "$.movies[*].score");
		assertThat(scores).hasSize(20).isSortedAccordingTo((a, b) -> Double.compare(b, a));
		List<Long> ids = ids(json);
		RankingWeights w = this.parts.properties().ranking().weights();
		long maxLikes = this.jdbc.sql("SELECT max(like_count) FROM movies").query(Long.class).single();
		// similarity and genre overlap are rescaled within the pool of the 100 nearest
		// (min-max): the pool's closest gets 1, its farthest 0
		List<TestMovie> pool = exact(this.base.vector(), (m) -> m.id() != this.base.id() && m.vector() != null)
			.subList(0, this.parts.properties().ranking().candidatePoolSize());
		double[] dots = pool.stream().mapToDouble((m) -> VectorCatalogue.dot(this.base.vector(), m.vector())).toArray();
		double[] genres = pool.stream()
			.mapToDouble((m) -> Ranker.jaccard(Set.copyOf(lower(this.base.genres())), lower(m.genres())))
			.toArray();
		double minDot = Arrays.stream(dots).min().orElseThrow();
		double maxDot = Arrays.stream(dots).max().orElseThrow();
		double minGenre = Arrays.stream(genres).min().orElseThrow();
		double maxGenre = Arrays.stream(genres).max().orElseThrow();
		for (int i = 0; i < ids.size(); i++) {
			TestMovie movie = movie(ids.get(i));
			double dot = VectorCatalogue.dot(this.base.vector(), movie.vector());
			assertThat(number(json, "$.movies[%d].similarity_score".formatted(i))).isCloseTo(dot, within(1e-4));
			double jaccard = Ranker.jaccard(Set.copyOf(lower(this.base.genres())), lower(movie.genres()));
			double genreOverlap = (maxGenre > minGenre) ? (jaccard - minGenre) / (maxGenre - minGenre) : 1;
			dot = (dot - minDot) / (maxDot - minDot);
			double bayesian = (movie.likes() * movie.rating() + 100 * 6.0) / (movie.likes() + 100);
			// no downloads in this catalogue: half the popularity prior is the likes'
			// part
			double popularity = Math.log1p(movie.likes()) / Math.log1p(maxLikes) / 2;
			double expected = w.similarity() * dot + w.genreOverlap() * genreOverlap + w.popularity() * popularity
					+ w.rating() * bayesian / 10;
			assertThat(number(json, "$.movies[%d].score".formatted(i))).isCloseTo(expected, within(1e-4));
		}
	}

	@Test
	void textQueryFindsTheMovieWhoseDescriptionItMatches() {
		String json = get("/api/recommendations/text?text={text}&limit=3", "a thief who steals secrets in dreams");
		assertThat(ids(json).getFirst()).isEqualTo(this.inception.id());
	}

	@Test
	void returnsFullLimitWhenGenreFilterIsSelective() {
		long rare = this.catalogue.movies().stream().filter((m) -> m.hasGenre(VectorCatalogue.RARE_GENRE)).count();
		assertThat(rare).as("1% of the catalogue").isEqualTo(10);
		List<TestMovie> expected = exact(this.base.vector(),
				(m) -> m.id() != this.base.id() && m.hasGenre(VectorCatalogue.RARE_GENRE));
		for (String ranking : List.of("similarity", "blended")) {
			String json = get("/api/recommendations/movie/{id}?genres=film-noir&limit=10&ranking={ranking}",
					this.base.id(), ranking);
			assertThat(ids(json)).as(ranking)
				.hasSize(10)
				.containsExactlyInAnyOrderElementsOf(expected.stream().map(TestMovie::id).toList());
		}
		String json = get("/api/recommendations/movie/{id}?genres=Film-Noir&limit=10&ranking=similarity",
				this.base.id());
		assertThat(ids(json)).containsExactlyElementsOf(expected.stream().map(TestMovie::id).toList());
	}

	@Test
	void everyFilterKeepsOnlyMatchingMoviesInExactOrder() {
		Predicate<TestMovie> filter = (m) -> m.id() != this.base.id() && m.year() >= 1970 && m.year() <= 2000
				&& m.rating() >= 5.0 && m.language().equals("en") && m.hasGenre("drama")
				&& m.id() != this.catalogue.movies().get(20).id();
		List<TestMovie> expected = exact(this.base.vector(), filter).subList(0, 10);
		String json = get(
				"/api/recommendations/movie/{id}?ranking=similarity&min_year=1970&max_year=2000"
						+ "&min_rating=5&language=EN&genres=DRAMA&exclude={excluded}",
				this.base.id(), this.catalogue.movies().get(20).id());
		assertThat(ids(json)).containsExactlyElementsOf(expected.stream().map(TestMovie::id).toList());
	}

	@Test
	void genreMatchAllNeedsEveryGenre() {
		List<TestMovie> expected = exact(this.base.vector(),
				(m) -> m.id() != this.base.id() && m.hasGenre("action") && m.hasGenre("drama"));
		String json = get("/api/recommendations/movie/{id}?ranking=similarity&genres=Action&genres=Drama"
				+ "&genre_match=all&limit=5", this.base.id());
		assertThat(ids(json)).containsExactlyElementsOf(expected.subList(0, 5).stream().map(TestMovie::id).toList());
	}

	@Test
	void offsetPagesThroughTheExactOrder() {
		List<Long> expected = exact(this.base.vector(), (m) -> m.id() != this.base.id()).subList(5, 12)
			.stream()
			.map(TestMovie::id)
			.toList();
		String json = get("/api/recommendations/movie/{id}?ranking=similarity&offset=5&limit=7", this.base.id());
		assertThat(ids(json)).containsExactlyElementsOf(expected);
	}

	@Test
	void offsetPastTheEndIsAnEmptyList() {
		String json = get("/api/recommendations/movie/{id}?genres=film-noir&offset=50", this.base.id());
		assertThat(ids(json)).isEmpty();
		assertThat((Integer) JsonPath.read(json, "$.total")).isZero();
	}

	@Test
	void minSimilarityCutsOffLessSimilarMovies() {
		String json = get("/api/recommendations/movie/{id}?ranking=similarity&min_similarity=0.8&limit=100",
				this.base.id());
		List<TestMovie> expected = exact(this.base.vector(),
				(m) -> m.id() != this.base.id() && VectorCatalogue.dot(this.base.vector(), m.vector()) >= 0.8);
		assertThat(expected).isNotEmpty().hasSizeLessThan(100);
		assertThat(ids(json)).containsExactlyElementsOf(expected.stream().map(TestMovie::id).toList());
	}

	@Test
	void diversityKeepsTenResultsFromBeingTenSequels() {
		Set<Long> saga = this.sequels.stream().map(TestMovie::id).collect(Collectors.toSet());
		String plain = get("/api/recommendations/movie/{id}?ranking=similarity&limit=5", this.base.id());
		assertThat(ids(plain)).as("without MMR the saga fills the top 5").containsExactlyInAnyOrderElementsOf(saga);
		String diverse = get("/api/recommendations/movie/{id}?ranking=similarity&limit=5&diversity=0.7",
				this.base.id());
		assertThat(ids(diverse).stream().filter(saga::contains).count()).isEqualTo(1);
		assertThat(ids(diverse).getFirst()).isEqualTo(ids(plain).getFirst());
	}

	@Test
	void likedMoviesArePushedAwayFromDislikedOnes() {
		TestMovie liked1 = this.catalogue.movies().get(3);
		TestMovie liked2 = this.catalogue.movies().get(23);
		TestMovie disliked = this.catalogue.movies().get(43);
		float[] query = QueryVectors.rocchio(List.of(liked1.vector(), liked2.vector()), List.of(disliked.vector()),
				0.5);
		Set<Long> examples = Set.of(liked1.id(), liked2.id(), disliked.id());
		List<Long> expected = exact(query, (m) -> !examples.contains(m.id())).subList(0, 10)
			.stream()
			.map(TestMovie::id)
			.toList();
		MvcTestResult result = this.mvc.post()
			.uri("/api/recommendations")
			.contentType(MediaType.APPLICATION_JSON)
			.content("""
					{"liked": [%d, %d], "disliked": [%d], "ranking": "similarity", "distance_metric": "l2"}
					""".formatted(liked1.id(), liked2.id(), disliked.id()))
			.exchange();
		assertThat(result).hasStatusOk();
		String json = body(result);
		assertThat(ids(json)).containsExactlyElementsOf(expected);
		assertThat((String) JsonPath.read(json, "$.distance_metric")).isEqualTo("l2");
	}

	@Test
	void examplesCanBeATextWithFilters() {
		MvcTestResult result = this.mvc.post()
			.uri("/api/recommendations")
			.contentType(MediaType.APPLICATION_JSON)
			.content("""
					{"text": "a shy waitress in Paris", "language": "fr", "limit": 3}
					""")
			.exchange();
		assertThat(result).hasStatusOk();
		String json = body(result);
		assertThat(ids(json)).hasSize(3).first().isEqualTo(this.catalogue.movies().getLast().id() - 1);
		List<String> languages = JsonPath.read(json, "$.movies[*].language");
		assertThat(languages).containsOnly("fr");
	}

	@Test
	void textPlainPrintsTheNumberedListing() {
		MvcTestResult result = this.mvc.get()
			.uri("/api/recommendations/movie/{id}?ranking=similarity&limit=5", this.base.id())
			.accept(MediaType.TEXT_PLAIN)
			.exchange();
		assertThat(result).hasStatusOk().hasContentTypeCompatibleWith(MediaType.TEXT_PLAIN);
		String text = body(result);
		TestMovie first = exact(this.base.vector(), (m) -> m.id() != this.base.id()).getFirst();
		assertThat(text)
			.startsWith("Recommendations similar to Movie 0000 (%d) (cosine, 5 movies):".formatted(this.base.year()));
		assertThat(text).contains(String.format(Locale.ROOT, "1. %s (%d)  rating %.1f/10  %s  similarity %.3f",
				first.title(), first.year(), first.rating(), String.join(", ", first.genres()),
				VectorCatalogue.dot(this.base.vector(), first.vector())));
		assertThat(text.lines().filter((line) -> line.matches("\\d\\. .*")).count()).isEqualTo(5);
	}

	/**
	 * A21: a title holding line breaks and a terminal escape forged a numbered line and
	 * reached the terminal of the listing's reader raw.
	 */
	@Test
	void textPlainEscapesControlCharactersOfTitles() {
		TestMovie first = exact(this.base.vector(), (m) -> m.id() != this.base.id()).getFirst();
		String forged = "Zqxjv\n\n2. Totally Real Recommendation (1999)\u001b[31m\r\u0085";
		this.jdbc.sql("UPDATE movies SET title = :title WHERE id = :id")
			.param("title", forged)
			.param("id", first.id())
			.update();
		try {
			String text = body(this.mvc.get()
				.uri("/api/recommendations/movie/{id}?ranking=similarity&limit=5", this.base.id())
				.accept(MediaType.TEXT_PLAIN)
				.exchange());

			assertThat(text).contains("1. Zqxjv\\n\\n2. Totally Real Recommendation (1999)\\u001b[31m\\r\\u0085 (")
				.doesNotContain("\u001b", "\r", "\u0085");
			assertThat(text.lines().filter((line) -> line.matches("\\d\\. .*")).count()).isEqualTo(5);
		}
		finally {
			this.jdbc.sql("UPDATE movies SET title = :title WHERE id = :id")
				.param("title", first.title())
				.param("id", first.id())
				.update();
		}
	}

	/**
	 * A10: min_rating=0 admitted unrated movies on the lists but dropped them here.
	 */
	@Test
	void minRatingZeroAdmitsUnratedMoviesAsOnTheLists() {
		TestMovie first = exact(this.base.vector(), (m) -> m.id() != this.base.id()).getFirst();
		this.jdbc.sql("UPDATE movies SET rating = NULL WHERE id = :id").param("id", first.id()).update();
		try {
			String uri = "/api/recommendations/movie/{id}?ranking=similarity&limit=3&min_rating={r}";
			assertThat(this.mvc.get().uri(uri, this.base.id(), "0")).bodyJson()
				.extractingPath("$.movies[0].id")
				.isEqualTo((int) first.id());
			assertThat(this.mvc.get().uri(uri, this.base.id(), "0.1")).bodyJson()
				.extractingPath("$.movies[*].id")
				.asArray()
				.doesNotContain((int) first.id());
		}
		finally {
			this.jdbc.sql("UPDATE movies SET rating = :rating WHERE id = :id")
				.param("rating", first.rating())
				.param("id", first.id())
				.update();
		}
	}

	@Test
	void textPlainWorksOnTheExamplesEndpoint() {
		assertThat(this.mvc.post()
			.uri("/api/recommendations")
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.TEXT_PLAIN)
			.content("{\"liked\": [%d], \"limit\": 2}".formatted(this.base.id()))).hasStatusOk()
			.bodyText()
			.startsWith("Recommendations from 1 liked and 0 disliked movies");
	}

	// bad input that needs the service or the database (the rest:
	// RecommendationControllerWebMvcTests)

	@Test
	void textOverTheModelWindowIs400() {
		assertBadRequest("/api/recommendations/text?text={text}", "text", "at most 1000 characters",
				"dream ".repeat(300));
		assertBadRequest("/api/recommendations/text?text={text}", "text", "must not be blank", "  ");
		assertBadRequest("/api/recommendations/text", "text", "is required");
	}

	@Test
	void likedAndDislikedOverlappingIs400() {
		assertThat(this.mvc.post()
			.uri("/api/recommendations")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"liked\": [%d, 5], \"disliked\": [%d]}".formatted(this.base.id(), this.base.id())))
			.hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.hasPathSatisfying("$.errors[0].parameter", (v) -> v.assertThat().isEqualTo("disliked"));
		assertThat(this.mvc.post().uri("/api/recommendations").contentType(MediaType.APPLICATION_JSON).content("{}"))
			.hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.hasPathSatisfying("$.errors[0].parameter", (v) -> v.assertThat().isEqualTo("liked"));
		assertThat(this.mvc.post()
			.uri("/api/recommendations")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"liked\": [%d], \"limit\": 500}".formatted(this.base.id()))).hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.hasPathSatisfying("$.errors[0].parameter", (v) -> v.assertThat().isEqualTo("limit"));
	}

	@Test
	void unknownMovieIs404() {
		assertThat(this.mvc.get().uri("/api/recommendations/movie/99999999")).hasStatus(HttpStatus.NOT_FOUND)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(this.mvc.get().uri("/api/recommendations/external/99999999")).hasStatus(HttpStatus.NOT_FOUND);
		assertThat(this.mvc.post()
			.uri("/api/recommendations")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"liked\": [99999999]}")).hasStatus(HttpStatus.NOT_FOUND);
	}

	@Test
	void movieWithoutEmbeddingIs409SayingItIsNotEmbeddedYet() {
		assertThat(this.mvc.get().uri("/api/recommendations/movie/{id}", this.unembedded.id()))
			.hasStatus(HttpStatus.CONFLICT)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.hasPathSatisfying("$.detail", (v) -> v.assertThat().asString().contains("no embedding yet"));
	}

	private void assertBadRequest(String uri, String parameter, String message, Object... variables) {
		assertThat(this.mvc.get().uri(uri, variables)).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.hasPathSatisfying("$.errors[0].parameter", (v) -> v.assertThat().isEqualTo(parameter))
			.hasPathSatisfying("$.errors[0].message", (v) -> v.assertThat().asString().contains(message));
	}

	private String get(String uri, Object... variables) {
		MvcTestResult result = this.mvc.get().uri(uri, variables).exchange();
		assertThat(result).hasStatusOk();
		return body(result);
	}

	private List<TestMovie> exact(float[] query, Predicate<TestMovie> filter) {
		return this.catalogue.nearest(query, filter);
	}

	private TestMovie movie(long id) {
		return this.catalogue.movies().stream().filter((m) -> m.id() == id).findFirst().orElseThrow();
	}

	private static double number(String json, String path) {
		return ((Number) JsonPath.read(json, path)).doubleValue();
	}

	private static List<String> lower(List<String> genres) {
		return genres.stream().map((g) -> g.toLowerCase(Locale.ROOT)).toList();
	}

}
