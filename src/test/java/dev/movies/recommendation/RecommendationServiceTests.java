package dev.movies.recommendation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.jayway.jsonpath.JsonPath;
import dev.movies.vector.IndexType;
import dev.movies.IntegrationTest;
import dev.movies.embedding.TestEmbeddingModelConfiguration;
import dev.movies.movie.Movie;
import dev.movies.recommendation.VectorCatalogue.TestMovie;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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
 * On the real database: explanations, weights per request, the best-score strategy,
 * complete filtered results when the index scan falls short, only the configured model's
 * vectors, and results paired with their movies by id.
 */
@IntegrationTest
@Import(TestEmbeddingModelConfiguration.class)
class RecommendationServiceTests {

	@Autowired
	MockMvcTester mvc;

	@Autowired
	ApplicationContext context;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	RecommendationRepository repository;

	ServiceParts parts;

	VectorCatalogue catalogue;

	@BeforeEach
	void reset() {
		this.parts = ServiceParts.of(this.context);
		this.catalogue = this.parts.emptyCatalogue();
	}

	@Test
	void explainAddsComponentsSharedGenresAndCastThePullingMovieReasonsAndTheWeights() {
		this.catalogue.generate(200);
		float[] centre = this.catalogue.randomUnit();
		TestMovie inception = this.catalogue.add("Inception", 2010, 8.8, 40_000, List.of("Sci-Fi", "Thriller"), "en",
				centre);
		TestMovie tenet = this.catalogue.add("Tenet", 2020, 7.3, 9_000, List.of("Action", "Sci-Fi", "Thriller"), "en",
				this.catalogue.near(centre, 0.3));
		this.jdbc.sql("UPDATE movies SET \"cast\" = :cast::jsonb WHERE id IN (:a, :b)")
			.param("cast", "[{\"name\": \"Tom Hardy\"}, {\"name\": \"Elliot Page\"}]")
			.param("a", inception.id())
			.param("b", tenet.id())
			.update();
		this.parts.priors().catalogueChanged(null);

		String body = post("""
				{"liked": [%d], "limit": 3, "explain": true}""".formatted(inception.id()));

		assertThat(JsonPath.<Object>read(body, "$.weights"))
			.isEqualTo(Map.of("similarity", 0.6, "genre_overlap", 0.2, "popularity", 0.2, "rating", 0.1));
		assertThat(ids(body).getFirst()).isEqualTo(tenet.id());
		Map<String, Object> explanation = JsonPath.read(body, "$.movies[0].explanation");
		Map<String, Object> components = JsonPath.read(body, "$.movies[0].explanation.components");
		assertThat(components).containsOnlyKeys("similarity", "genre_overlap", "popularity", "rating", "text_rank",
				"pool_similarity", "pool_genre_overlap");
		assertThat(((Number) components.get("similarity")).doubleValue())
			.isCloseTo(VectorCatalogue.dot(centre, tenet.vector()), within(1e-4));
		assertThat(((Number) components.get("genre_overlap")).doubleValue()).isCloseTo(2.0 / 3, within(1e-9));
		assertThat(components.get("text_rank")).isNull();
		assertThat(explanation.get("shared_genres")).isEqualTo(List.of("Sci-Fi", "Thriller"));
		assertThat(explanation.get("shared_cast")).isEqualTo(List.of("Tom Hardy", "Elliot Page"));
		assertThat(explanation.get("pulled_in_by")).isEqualTo(Map.of("id", (int) inception.id(), "title", "Inception"));
		assertThat(JsonPath.<List<String>>read(body, "$.movies[0].explanation.reasons")).contains(
				"Shares Sci-Fi and Thriller", "Also stars Tom Hardy and Elliot Page",
				"Close to Inception, which you liked");
		// the score is the weighted sum of the parts shown, similarity and genre overlap
		// as rescaled within the candidate pool (the first result is the pool's closest)
		double score = JsonPath.<Number>read(body, "$.movies[0].score").doubleValue();
		assertThat(((Number) components.get("pool_similarity")).doubleValue()).isCloseTo(1, within(1e-9));
		assertThat(((Number) components.get("pool_genre_overlap")).doubleValue()).isBetween(0.0, 1.0);
		double expected = 0.6 * ((Number) components.get("pool_similarity")).doubleValue()
				+ 0.2 * ((Number) components.get("pool_genre_overlap")).doubleValue()
				+ 0.2 * ((Number) components.get("popularity")).doubleValue()
				+ 0.1 * ((Number) components.get("rating")).doubleValue();
		assertThat(score).isCloseTo(expected, within(1e-9));

		String plain = get("/api/recommendations/movie/{id}?limit=3", inception.id());
		assertThat(plain).doesNotContain("explanation").doesNotContain("\"weights\"");
	}

	@Test
	void weightsPerRequestChangeTheOrderAndBadWeightsAre400() {
		float[] centre = this.catalogue.randomUnit();
		TestMovie base = this.catalogue.add("Base", 2000, 7.0, 10, List.of("Drama"), "en", centre);
		TestMovie close = this.catalogue.add("Close but unknown", 2001, 5.0, 1, List.of("Drama"), "en",
				this.catalogue.near(centre, 0.2));
		TestMovie popular = this.catalogue.add("Further but loved", 2002, 8.9, 50_000, List.of("Drama"), "en",
				this.catalogue.near(centre, 0.9));
		this.catalogue.generate(50);
		this.parts.priors().catalogueChanged(null);

		String bySimilarity = get("/api/recommendations/movie/{id}?limit=2&weights=similarity:1,genre_overlap:0,"
				+ "popularity:0,rating:0", base.id());
		assertThat(ids(bySimilarity)).containsExactly(close.id(), popular.id());
		String byPopularity = get("/api/recommendations/movie/{id}?limit=2&weights=popularity:1&explain=true",
				base.id());
		assertThat(ids(byPopularity)).containsExactly(popular.id(), close.id());
		assertThat(JsonPath.<Number>read(byPopularity, "$.weights.popularity").doubleValue()).isEqualTo(1.0);

		assertThat(this.mvc.get().uri("/api/recommendations/movie/{id}?weights=fame:2,rating:-1", base.id()))
			.hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.hasPathSatisfying("$.errors.length()", (v) -> v.assertThat().isEqualTo(2))
			.hasPathSatisfying("$.errors[0].parameter", (v) -> v.assertThat().isEqualTo("weights"));
		assertThat(this.mvc.get()
			.uri("/api/recommendations/movie/{id}?ranking=similarity&weights=popularity:1", base.id()))
			.hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.hasPathSatisfying("$.errors[0].parameter", (v) -> v.assertThat().isEqualTo("weights"));
		assertThat(this.mvc.post()
			.uri("/api/recommendations")
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"liked\": [%d], \"weights\": {\"rating\": \"lots\"}, \"strategy\": \"best\"}"
				.formatted(base.id())))
			.hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.hasPathSatisfying("$.errors[*].parameter",
					(v) -> v.assertThat().asList().containsExactly("weights", "strategy"));
	}

	@Test
	void bestScorePagesAgreeWithOneLargePageWithinTheCandidatePool() {
		float[] a = this.catalogue.randomUnit();
		float[] b = this.catalogue.randomUnit();
		TestMovie likedA = this.catalogue.add("Liked A", 2000, 7, 100, List.of("Drama"), "en", a);
		TestMovie likedB = this.catalogue.add("Liked B", 2000, 7, 100, List.of("Drama"), "en", b);
		// popularity spread as wide as similarity, so the blend weighs one against the
		// other
		for (int i = 0; i < 40; i++) {
			int likes = (int) Math.pow(10, i % 5);
			this.catalogue.add("Near A " + i, 2000, 7, likes, List.of("Drama"), "en", this.catalogue.near(a, 0.8));
			this.catalogue.add("Near B " + i, 2000, 7, likes, List.of("Comedy"), "en", this.catalogue.near(b, 0.8));
		}
		this.catalogue.generate(200);
		this.parts.priors().catalogueChanged(null);

		String request = """
				{"liked": [%d, %d], "strategy": "best_score", "limit": %d, "offset": %d}""";
		List<Long> whole = ids(post(request.formatted(likedA.id(), likedB.id(), 100, 0)));
		List<Long> paged = new ArrayList<>();
		for (int offset = 0; offset < 100; offset += 10) {
			paged.addAll(ids(post(request.formatted(likedA.id(), likedB.id(), 10, offset))));
		}

		assertThat(whole).hasSize(100).doesNotHaveDuplicates();
		assertThat(paged).isEqualTo(whole);
	}

	@Test
	void bestScoreFindsTheNeighboursOfEachLikedMovieWhereTheAverageFallsBetweenThem() {
		float[] a = this.catalogue.randomUnit();
		float[] b = this.catalogue.randomUnit();
		TestMovie likedA = this.catalogue.add("Liked A", 2000, 7, 100, List.of("Drama"), "en", a);
		TestMovie likedB = this.catalogue.add("Liked B", 2000, 7, 100, List.of("Drama"), "en", b);
		List<Long> nearA = new ArrayList<>();
		List<Long> nearB = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			nearA.add(
					this.catalogue.add("Near A " + i, 2000, 7, 100, List.of("Drama"), "en", this.catalogue.near(a, 0.3))
						.id());
			nearB.add(
					this.catalogue.add("Near B " + i, 2000, 7, 100, List.of("Drama"), "en", this.catalogue.near(b, 0.3))
						.id());
		}
		// halfway between the two: what the mean of the liked vectors is closest to
		float[] middle = new float[a.length];
		for (int i = 0; i < a.length; i++) {
			middle[i] = a[i] + b[i];
		}
		TestMovie between = this.catalogue.add("Between", 2000, 7, 100, List.of("Drama"), "en",
				this.catalogue.near(VectorCatalogue.normalise(middle), 0.3));
		this.catalogue.generate(100);

		String request = """
				{"liked": [%d, %d], "exclude": [%d], "limit": 6, "ranking": "similarity", "strategy": "%s"}""";
		List<Long> average = ids(post(request.formatted(likedA.id(), likedB.id(), -1, "average")));
		List<Long> best = ids(post(request.formatted(likedA.id(), likedB.id(), -1, "best_score")));
		assertThat(average.getFirst()).isEqualTo(between.id());
		assertThat(best).containsExactlyInAnyOrderElementsOf(concat(nearA, nearB));
		assertThat(best).doesNotContain(likedA.id(), likedB.id(), between.id());

		// a disliked movie pushes its own neighbours down; what the caller has seen never
		// comes back
		String withDisliked = """
				{"liked": [%d], "disliked": [%d], "exclude": [%d], "limit": 5, "ranking": "similarity",
				 "strategy": "best_score"}""".formatted(likedA.id(), likedB.id(), nearA.get(0));
		List<Long> result = ids(post(withDisliked));
		assertThat(result).doesNotContain(likedA.id(), likedB.id(), nearA.get(0)).doesNotContainAnyElementsOf(nearB);
		assertThat(result.subList(0, 2)).containsExactlyInAnyOrderElementsOf(nearA.subList(1, 3));
	}

	/**
	 * The case the planner gets wrong: comedies are all old except 60, so "comedy since
	 * 2000" keeps 60 movies while the planner, multiplying two independent selectivities,
	 * expects ~3,000 and walks the index; the iterative scan stops at its tuple budget
	 * with a few of them. The search must notice and scan the filtered rows exactly.
	 */
	@Test
	void correlatedFiltersThatFoolThePlannerStillFillTheLimit() {
		// loaded first, indexed after: building the graph once is much faster than 12,000
		// inserts into it
		this.catalogue.bulk(this.parts.indexes(), """
				INSERT INTO movies (external_id, title, year, genres, like_count)
				SELECT 500000 + i, 'Film ' || i,
				       CASE WHEN i % 2 = 0 AND i > 120 THEN 1950 + i % 50
				            ELSE 2000 + i % 20 END,
				       CASE WHEN i % 2 = 0 THEN ARRAY['Comedy'] ELSE ARRAY['Drama'] END, i % 1000
				FROM generate_series(1, 12000) AS i
				""");
		long matching = this.jdbc.sql("SELECT count(*) FROM movies WHERE genre_keys @> '{comedy}' AND year >= 2000")
			.query(Long.class)
			.single();
		assertThat(matching).isEqualTo(60);

		RecommendationProperties.Index tight = new RecommendationProperties.Index(IndexType.HNSW, 16, 64, 40, 1000, 100,
				0, 0, 10_000, this.parts.properties().index().buildMemory(), false);
		// the vector path alone: no full-text half
		RecommendationProperties.Hybrid vectorsOnly = new RecommendationProperties.Hybrid(false, 60, 1, 1, 50, 0.5,
				0.7);
		RecommendationProperties settings = new RecommendationProperties(tight, this.parts.properties().ranking(),
				vectorsOnly, this.parts.properties().maxTextCharacters(), this.parts.properties().dislikedWeight());
		RecommendationService service = this.parts.service(this.repository, settings);
		SearchOptions options = SearchOptions.from(new RecommendationParameters(50, 0, null, List.of("comedy"), null,
				null, 2000, null, null, null, null, null, "similarity", null, null, null), settings);
		assertThat(service.plan(50, options, false).exact()).as("the planner's estimate sends it to the index")
			.isFalse();
		float[] query = this.parts.embeddingModel().embed("anything at all");

		List<Candidate> firstAttempt = this.repository.nearest(query, this.parts.embeddingModel().name(),
				DistanceMetric.COSINE, options.filters(), service.plan(50, options, false));
		assertThat(firstAttempt).as("the index scan alone stops short").hasSizeLessThan(50);
		Recommendations result = service.forText("anything at all", options);
		assertThat(result.movies()).hasSize(50)
			.allSatisfy((m) -> assertThat(m.movie().year()).isGreaterThanOrEqualTo(2000))
			.allSatisfy((m) -> assertThat(m.movie().genres()).containsExactly("Comedy"));
		List<Double> similarities = result.movies().stream().map(RecommendedMovie::similarityScore).toList();
		assertThat(similarities).isSortedAccordingTo((x, y) -> Double.compare(y, x));
	}

	@Test
	void textNamingAnActorFindsTheirFilmThroughTheFullTextWhileAPlotStillFindsItsFilm() {
		this.catalogue.generate(300);
		TestMovie heat = this.catalogue.add("Heat", 1995, 8.3, 20_000, List.of("Crime"), "en",
				this.catalogue.randomUnit());
		this.jdbc
			.sql("UPDATE movies SET \"cast\" = '[{\"name\": \"Al Pacino\"}, {\"name\": \"Robert De Niro\"}]'"
					+ " WHERE id = :id")
			.param("id", heat.id())
			.update();
		TestMovie inception = this.catalogue.add("Inception", 2010, 8.8, 4000, List.of("Sci-Fi"), "en",
				this.parts.embeddingModel()
					.embed("A thief who steals corporate secrets through dream sharing technology"));
		this.jdbc.sql("UPDATE movies SET description_full = :d WHERE id = :id")
			.param("d", "A thief who steals corporate secrets through dream sharing technology")
			.param("id", inception.id())
			.update();

		String byActor = get("/api/recommendations/text?text={t}&limit=5&explain=true", "a crime film with Al Pacino");
		// first among the full-text matches, nowhere among the vector neighbours: fused
		// level with the nearest vector neighbour (1 / (k + 1) each)
		int position = ids(byActor).indexOf(heat.id());
		assertThat(position).isBetween(0, 1);
		assertThat(JsonPath.<Number>read(byActor, "$.movies[%d].explanation.components.text_rank".formatted(position))
			.doubleValue()).isEqualTo(1.0);
		assertThat(JsonPath.<List<String>>read(byActor, "$.movies[%d].explanation.reasons".formatted(position)))
			.contains("Your words appear in its title, cast or description");
		assertThat(ids(get("/api/recommendations/text?text={t}&limit=5", "Al Pacino"))).contains(heat.id());
		// words are words, never SQL (quotes and backslashes in a lexeme included)
		assertThat(ids(get("/api/recommendations/text?text={t}&limit=5", "Al Pacino'); --\\"))).contains(heat.id());
		assertThat(ids(get("/api/recommendations/text?text={t}&limit=5",
				"'); DROP TABLE movies; -- http://x.org/a'b\\c o'brien")))
			.hasSize(5);

		String byPlot = get("/api/recommendations/text?text={t}&limit=3", "a thief who steals secrets in dreams");
		assertThat(ids(byPlot).getFirst()).isEqualTo(inception.id());

		// the text part of POST /api/recommendations is hybrid too
		String examples = post("""
				{"liked": [%d], "text": "Robert De Niro", "limit": 5}""".formatted(inception.id()));
		assertThat(ids(examples)).contains(heat.id());

		// ranking=similarity is the vectors' order alone, as in the original: no fusion,
		// no score, and the actor's name no longer lifts a film whose vector is unrelated
		String bySimilarity = get("/api/recommendations/text?text={t}&limit=5&ranking=similarity",
				"a crime film with Al Pacino");
		List<Number> similarities = JsonPath.read(bySimilarity, "$.movies[*].similarity_score");
		assertThat(similarities.stream().map(Number::doubleValue).toList()).hasSize(5)
			.isSortedAccordingTo((x, y) -> Double.compare(y, x));
		assertThat(JsonPath.<List<Object>>read(bySimilarity, "$.movies[*].score")).allMatch(Objects::isNull);
		assertThat(ids(bySimilarity)).doesNotContain(heat.id());
	}

	/**
	 * Every endpoint that pages a re-ranked pool, walked in pages of 10 from offset 0 to
	 * 300 (three times the candidate pool): no movie twice, and the pages are the pages
	 * of 100 cut in ten. The pool is re-ranked in chunks of 100 (the nearest 100, then
	 * the next 100 among themselves...), so the by-movie pages hold exactly the 300
	 * nearest. Before, the pool grew to offset + limit and was re-ranked whole: offset
	 * 100 repeated movies of offset 90.
	 */
	@Test
	void pagesPastTheCandidatePoolNeverRepeatOrSkipAMovie() {
		this.catalogue.generate(400);
		List<Long> all = this.jdbc.sql("SELECT id FROM movies ORDER BY id").query(Long.class).list();
		long base = all.getFirst();
		String liked = "[%d, %d]".formatted(all.get(1), all.get(2));
		Map<String, java.util.function.BiFunction<Integer, Integer, String>> endpoints = new java.util.LinkedHashMap<>();
		endpoints.put("by movie",
				(offset, limit) -> get("/api/recommendations/movie/{id}?offset={o}&limit={l}", base, offset, limit));
		endpoints.put("by movie, diversity",
				(offset, limit) -> get("/api/recommendations/movie/{id}?offset={o}&limit={l}&diversity=0.5", base,
						offset, limit));
		endpoints.put("text", (offset, limit) -> get("/api/recommendations/text?text={t}&offset={o}&limit={l}",
				"Movie 0250 and its like", offset, limit));
		endpoints.put("examples", (offset, limit) -> post("""
				{"liked": %s, "disliked": [%d], "text": "Movie 0300", "offset": %d, "limit": %d}""".formatted(liked,
				all.get(3), offset, limit)));
		endpoints.put("examples, best_score", (offset, limit) -> post("""
				{"liked": %s, "strategy": "best_score", "offset": %d, "limit": %d}""".formatted(liked, offset, limit)));
		for (Map.Entry<String, java.util.function.BiFunction<Integer, Integer, String>> endpoint : endpoints
			.entrySet()) {
			List<Long> walked = new ArrayList<>();
			for (int offset = 0; offset < 300; offset += 10) {
				walked.addAll(ids(endpoint.getValue().apply(offset, 10)));
			}
			List<Long> byHundreds = new ArrayList<>();
			for (int offset = 0; offset < 300; offset += 100) {
				byHundreds.addAll(ids(endpoint.getValue().apply(offset, 100)));
			}
			assertThat(walked).as(endpoint.getKey()).hasSize(300).doesNotHaveDuplicates().isEqualTo(byHundreds);
		}
		List<Long> nearest = new ArrayList<>();
		for (int offset = 0; offset < 300; offset += 100) {
			nearest.addAll(
					ids(get("/api/recommendations/movie/{id}?offset={o}&limit=100&ranking=similarity", base, offset)));
		}
		List<Long> byMovie = new ArrayList<>();
		for (int offset = 0; offset < 300; offset += 10) {
			byMovie.addAll(ids(get("/api/recommendations/movie/{id}?offset={o}&limit=10", base, offset)));
		}
		assertThat(byMovie).as("chunk by chunk, the nearest 300").containsExactlyInAnyOrderElementsOf(nearest);
		assertThat(byMovie.subList(0, 100)).as("the first chunk, the nearest 100")
			.containsExactlyInAnyOrderElementsOf(nearest.subList(0, 100));
	}

	@Test
	void vectorsOfAnotherModelAreNeverCompared() {
		float[] centre = this.catalogue.randomUnit();
		TestMovie base = this.catalogue.add("Base", 2000, 7, 10, List.of("Drama"), "en", centre);
		TestMovie ours = this.catalogue.add("Ours", 2000, 7, 10, List.of("Drama"), "en",
				this.catalogue.near(centre, 0.6));
		// the nearest neighbour, but its vector was made by another model of the same
		// dimension
		TestMovie foreign = this.catalogue.add("Foreign", 2000, 7, 10, List.of("Drama"), "en",
				this.catalogue.near(centre, 0.05));
		this.jdbc.sql("UPDATE movie_embeddings SET model = 'all-minilm' WHERE movie_id = :id")
			.param("id", foreign.id())
			.update();

		List<Long> found = ids(get("/api/recommendations/movie/{id}?limit=10", base.id()));
		assertThat(found).containsExactly(ours.id());
		assertThat(ids(get("/api/recommendations/text?text={t}&limit=10", "anything"))).doesNotContain(foreign.id());
		// asked about directly, it has no vector of this model yet: 409 until the
		// backfill re-embeds it
		assertThat(this.mvc.get().uri("/api/recommendations/movie/{id}", foreign.id())).hasStatus(HttpStatus.CONFLICT);
		this.jdbc.sql("DELETE FROM movie_embeddings WHERE model = :model")
			.param("model", this.parts.embeddingModel().name())
			.update();
		// only another model's vectors: as good as none
		assertThat(this.mvc.get().uri("/api/recommendations/text?text=anything"))
			.hasStatus(HttpStatus.SERVICE_UNAVAILABLE);
	}

	@Test
	void aMovieDeletedDuringTheRequestIsLeftOutWithoutShiftingScores() {
		this.catalogue.generate(100);
		TestMovie base = this.catalogue.movies().getFirst();
		List<TestMovie> expected = this.catalogue.nearest(base.vector(), (m) -> m.id() != base.id());
		long deleted = expected.get(1).id();
		RecommendationRepository deleting = new RecommendationRepository(this.jdbc, this.parts.movies(),
				this.parts.rows(), this.parts.json()) {
			@Override
			Map<Long, Movie> findMovies(Collection<Long> ids) {
				RecommendationServiceTests.this.jdbc.sql("DELETE FROM movies WHERE id = :id")
					.param("id", deleted)
					.update();
				return super.findMovies(ids);
			}
		};
		RecommendationService service = this.parts.service(deleting, this.parts.properties());
		// with explanations the page's rows are read after ranking (without them, a
		// similarity page's rows come in the nearest-neighbour statement itself: one
		// snapshot, nothing to delete in between)
		SearchOptions options = SearchOptions.from(new RecommendationParameters(5, 0, null, null, null, null, null,
				null, null, null, null, null, "similarity", null, null, true), this.parts.properties());

		List<RecommendedMovie> result = service.similarToMovie(base.id(), options).movies();

		assertThat(result).extracting((m) -> m.movie().id())
			.containsExactly(expected.get(0).id(), expected.get(2).id(), expected.get(3).id(), expected.get(4).id());
		for (RecommendedMovie movie : result) {
			TestMovie own = this.catalogue.movies()
				.stream()
				.filter((m) -> m.id() == movie.movie().id())
				.findFirst()
				.orElseThrow();
			assertThat(movie.similarityScore()).isCloseTo(VectorCatalogue.dot(base.vector(), own.vector()),
					within(1e-4));
		}
	}

	@Test
	void aGenresFilterCountsInTheGenreOverlapAndTheSharedGenresThroughTheVocabulary() {
		float[] centre = this.catalogue.randomUnit();
		TestMovie arrival = this.catalogue.add("Arrival", 2016, 7.9, 1000, List.of("Drama", "Sci-Fi"), "en", centre);
		TestMovie interstellar = this.catalogue.add("Interstellar", 2014, 8.6, 2000, List.of("Science Fiction"), "en",
				this.catalogue.near(centre, 0.3));
		this.catalogue.add("Gravity", 2013, 7.7, 900, List.of("Sci-Fi", "Thriller"), "en",
				this.catalogue.near(centre, 0.5));
		this.catalogue.add("Manchester by the Sea", 2016, 7.8, 800, List.of("Drama"), "en",
				this.catalogue.near(centre, 0.2));
		this.catalogue.analyze();
		this.parts.priors().catalogueChanged(null);

		// the filter names Wikipedia's spelling; the movies are stored as either
		String body = get("/api/recommendations/movie/{id}?genres=Science Fiction&explain=true", arrival.id());

		assertThat(ids(body)).hasSize(2).contains(interstellar.id());
		List<Number> overlaps = JsonPath.read(body, "$.movies[*].explanation.components.genre_overlap");
		// Interstellar's genres are the query's (1), Gravity's half (Sci-Fi of Sci-Fi and
		// Thriller); compared as lower-case names both would have 0
		assertThat(overlaps).extracting(Number::doubleValue).containsExactlyInAnyOrder(1.0, 0.5);
		List<List<String>> shared = JsonPath.read(body, "$.movies[*].explanation.shared_genres");
		assertThat(shared).containsExactlyInAnyOrder(List.of("Science Fiction"), List.of("Sci-Fi"));

		// the same query about the base movie's genres shares Sci-Fi with Interstellar's
		// Science Fiction
		String byBase = get("/api/recommendations/movie/{id}?explain=true", arrival.id());
		int index = ids(byBase).indexOf(interstellar.id());
		assertThat(JsonPath.<List<String>>read(byBase, "$.movies[%d].explanation.shared_genres".formatted(index)))
			.containsExactly("Science Fiction");
	}

	private String get(String uri, Object... variables) {
		MvcTestResult result = this.mvc.get().uri(uri, variables).exchange();
		assertThat(result).hasStatusOk();
		return body(result);
	}

	private String post(String content) {
		MvcTestResult result = this.mvc.post()
			.uri("/api/recommendations")
			.contentType(MediaType.APPLICATION_JSON)
			.content(content)
			.exchange();
		assertThat(result).hasStatusOk();
		return body(result);
	}

	private static List<Long> concat(List<Long> a, List<Long> b) {
		List<Long> all = new ArrayList<>(a);
		all.addAll(b);
		return all;
	}

}
