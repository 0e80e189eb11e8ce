package dev.movies.recommendation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import dev.movies.movie.CastMember;
import dev.movies.movie.Movie;
import dev.movies.recommendation.Ranker.Ranked;
import dev.movies.system.InvalidRequestException.FieldError;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The blend, its priors, weights per request, rank fusion, best score and explanations.
 */
class RankingMathTests {

	static final RecommendationProperties.Hybrid HYBRID = new RecommendationProperties.Hybrid(true, 60, 1, 1, 50, 0.5,
			0.7);

	static final RecommendationProperties.Ranking RANKING = new RecommendationProperties.Ranking(0.6, 0.1, 0.2, 0.1,
			100, 6.0, 100, 0, Strategy.AVERAGE, Duration.ofMinutes(10), RecommendationProperties.PoolScale.MIN_MAX);

	final Ranker ranker = new Ranker(RANKING, HYBRID);

	static Candidate candidate(long id, double dot, List<String> genres, Double rating, long likes, long downloads) {
		return new Candidate(id, dot, 1 - dot, genres, rating, likes, downloads, null, null);
	}

	@Test
	void popularityIsLogScaledAndNormalisedByTheCatalogueMaxima() {
		CataloguePriors.Popularity popularity = new CataloguePriors.Popularity(10_000, 1_000_000);
		assertThat(popularity.of(10_000, 1_000_000)).isCloseTo(1, within(1e-12));
		assertThat(popularity.of(0, 0)).isZero();
		// ten times the likes adds a step, not ten times the score
		double hundred = popularity.of(100, 0);
		double thousand = popularity.of(1000, 0);
		assertThat(thousand - hundred).isCloseTo(
				Math.log1p(1000) / Math.log1p(10_000) / 2 - Math.log1p(100) / Math.log1p(10_000) / 2, within(1e-12));
		assertThat(thousand / hundred).isLessThan(1.6);
		// above the cached maximum (imported since it was read) it stays at 1
		assertThat(popularity.of(50_000, 5_000_000)).isEqualTo(1);
		assertThat(CataloguePriors.Popularity.NONE.of(500, 500)).isZero();
	}

	@Test
	void blendAddsEachWeightedPart() {
		CataloguePriors.Popularity popularity = new CataloguePriors.Popularity(1000, 0);
		Candidate c = candidate(1, 0.5, List.of("drama", "crime"), 8.0, 100, 0);
		Components parts = this.ranker.components(c, Set.of("drama"), popularity);
		double bayesian = (100 * 8.0 + 100 * 6.0) / 200;
		assertThat(parts.similarity()).isEqualTo(0.5);
		assertThat(parts.genreOverlap()).isEqualTo(0.5);
		assertThat(parts.popularity()).isCloseTo(Math.log1p(100) / Math.log1p(1000) / 2, within(1e-12));
		assertThat(parts.rating()).isCloseTo(bayesian / 10, within(1e-12));
		assertThat(parts.textRank()).isNull();
		assertThat(Ranker.blend(parts, RANKING.weights()))
			.isCloseTo(0.6 * 0.5 + 0.1 * 0.5 + 0.2 * parts.popularity() + 0.1 * bayesian / 10, within(1e-12));
		// without query genres the part does not apply
		assertThat(this.ranker.components(c, Set.of(), popularity).genreOverlap()).isNull();
	}

	@Test
	void popularityPriorLiftsTheWatchedMovieOverAnObscureSlightlyCloserOne() {
		CataloguePriors.Popularity popularity = new CataloguePriors.Popularity(50_000, 1_000_000);
		// a pool as all-MiniLM gives it: cosines from 0.30 to 0.70, nobody popular
		List<Candidate> pool = new ArrayList<>(spread(100, 20, 0.30, 0.70, List.of("drama")));
		Candidate obscure = candidate(1, 0.62, List.of("drama"), 6.5, 3, 40);
		Candidate watched = candidate(2, 0.58, List.of("drama"), 8.1, 30_000, 600_000);
		pool.add(obscure);
		pool.add(watched);
		List<Long> blended = ids(this.ranker.rank(pool, List.of("drama"), RANKING.weights(), popularity, 0, 22));
		List<Long> bySimilarity = ids(this.ranker.rank(pool, List.of("drama"), null, popularity, 0, 22));
		assertThat(blended.indexOf(2L)).isLessThan(blended.indexOf(1L));
		assertThat(bySimilarity.indexOf(1L)).isLessThan(bySimilarity.indexOf(2L));
	}

	@Test
	void similarityAndGenreOverlapAreRescaledWithinThePool() {
		List<Candidate> pool = List.of(candidate(1, 0.80, List.of("drama", "crime"), null, 0, 0),
				candidate(2, 0.70, List.of("drama"), null, 0, 0), candidate(3, 0.60, List.of("comedy"), null, 0, 0));
		List<Ranked> ranked = this.ranker.rank(pool, List.of("drama", "crime"), RANKING.weights(),
				CataloguePriors.Popularity.NONE, 0, 3);
		Components first = ranked.get(0).components();
		Components second = ranked.get(1).components();
		Components third = ranked.get(2).components();
		// the raw parts stay what they are (explain=true shows them) ...
		assertThat(first.similarity()).isEqualTo(0.80);
		assertThat(second.genreOverlap()).isEqualTo(0.5);
		// ... and the blend weighs them rescaled: the pool's best 1, its worst 0
		assertThat(first.poolSimilarity()).isCloseTo(1, within(1e-12));
		assertThat(second.poolSimilarity()).isCloseTo(0.5, within(1e-12));
		assertThat(third.poolSimilarity()).isCloseTo(0, within(1e-12));
		assertThat(first.poolGenreOverlap()).isCloseTo(1, within(1e-12));
		assertThat(second.poolGenreOverlap()).isCloseTo(0.5, within(1e-12));
		assertThat(third.poolGenreOverlap()).isCloseTo(0, within(1e-12));
		assertThat(ranked.get(1).relevance()).isCloseTo(0.6 * 0.5 + 0.1 * 0.5 + 0.1 * 0.6, within(1e-12));
		// a part the whole pool shares separates nobody: 1 for all; no query genres: no
		// part
		List<Ranked> single = this.ranker.rank(pool.subList(0, 1), List.of("drama"), RANKING.weights(),
				CataloguePriors.Popularity.NONE, 0, 1);
		assertThat(single.getFirst().components().poolSimilarity()).isEqualTo(1);
		assertThat(single.getFirst().components().poolGenreOverlap()).isEqualTo(1);
		assertThat(this.ranker.rank(pool, List.of(), RANKING.weights(), CataloguePriors.Popularity.NONE, 0, 3)
			.getFirst()
			.components()
			.poolGenreOverlap()).isNull();
	}

	/**
	 * e5's cosines sit in a narrow band (0.78..0.86), all-MiniLM's spread over 0.3..0.8:
	 * rescaled within the pool, the same neighbours with the same priors rank the same
	 * whichever model measured them; on the raw cosine the priors swamp the narrow one.
	 */
	@Test
	void theBlendRanksTheSameWhetherAModelsCosinesSpreadWideOrNarrow() {
		CataloguePriors.Popularity popularity = new CataloguePriors.Popularity(50_000, 1_000_000);
		java.util.Random random = new java.util.Random(11);
		List<Candidate> wide = new ArrayList<>();
		List<Candidate> narrow = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			double cosine = 0.3 + 0.5 * random.nextDouble();
			long likes = (long) Math.pow(10, 4.5 * random.nextDouble());
			Double rating = 4 + 5 * random.nextDouble();
			List<String> genres = random.nextBoolean() ? List.of("drama") : List.of("comedy");
			wide.add(candidate(i, cosine, genres, rating, likes, likes * 20));
			narrow.add(candidate(i, 0.78 + (cosine - 0.3) * 0.16, genres, rating, likes, likes * 20));
		}
		Ranker raw = new Ranker(scaled(RecommendationProperties.PoolScale.NONE), HYBRID);
		for (RecommendationProperties.PoolScale scale : List.of(RecommendationProperties.PoolScale.MIN_MAX,
				RecommendationProperties.PoolScale.RANK)) {
			Ranker ranker = new Ranker(scaled(scale), HYBRID);
			assertThat(ids(ranker.rank(narrow, List.of("drama"), RANKING.weights(), popularity, 0, 10)))
				.isEqualTo(ids(ranker.rank(wide, List.of("drama"), RANKING.weights(), popularity, 0, 10)));
		}
		List<Long> wideTop = ids(raw.rank(wide, List.of("drama"), RANKING.weights(), popularity, 0, 10));
		List<Long> narrowTop = ids(raw.rank(narrow, List.of("drama"), RANKING.weights(), popularity, 0, 10));
		assertThat(narrowTop).isNotEqualTo(wideTop);
		// the narrow model's raw top 10 follows the priors more than its similarity does
		List<Long> byNarrowSimilarity = ids(raw.rank(narrow, List.of(), null, popularity, 0, 10));
		List<Long> byWideSimilarity = ids(raw.rank(wide, List.of(), null, popularity, 0, 10));
		assertThat(byNarrowSimilarity).isEqualTo(byWideSimilarity);
		assertThat(overlap(narrowTop, byNarrowSimilarity)).isLessThan(overlap(wideTop, byWideSimilarity));
	}

	@Test
	void rankScaleIsThePercentileWithTiesSharingTheirMeanRank() {
		List<Components> parts = List.of(new Components(0.9, null, 0.0, 0.6, null),
				new Components(0.5, null, 0.0, 0.6, null), new Components(0.5, null, 0.0, 0.6, null),
				new Components(0.1, null, 0.0, 0.6, null), new Components(0.2, null, 0.0, 0.6, null));
		List<Components> scaled = Ranker.scaleWithinPool(parts, RecommendationProperties.PoolScale.RANK);
		assertThat(scaled).extracting(Components::poolSimilarity).containsExactly(1.0, 0.625, 0.625, 0.0, 0.25);
		assertThat(Ranker.scaleWithinPool(parts, RecommendationProperties.PoolScale.NONE))
			.extracting(Components::poolSimilarity)
			.containsExactly(0.9, 0.5, 0.5, 0.1, 0.2);
	}

	static RecommendationProperties.Ranking scaled(RecommendationProperties.PoolScale scale) {
		RecommendationProperties.Ranking r = RANKING;
		return new RecommendationProperties.Ranking(r.similarity(), r.genreOverlap(), r.popularity(), r.rating(),
				r.priorVotes(), r.priorRating(), r.candidatePoolSize(), r.defaultDiversity(), r.strategy(),
				r.priorsMaxAge(), scale);
	}

	static long overlap(List<Long> a, List<Long> b) {
		return a.stream().filter(b::contains).count();
	}

	/**
	 * {@code count} candidates from id {@code firstId}, cosines evenly from high to low.
	 */
	static List<Candidate> spread(long firstId, int count, double low, double high, List<String> genres) {
		List<Candidate> candidates = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			candidates.add(candidate(firstId + i, high - (high - low) * i / (count - 1), genres, null, 0, 0));
		}
		return candidates;
	}

	@Test
	void requestWeightsReplaceTheConfiguredOnesAndBadOnesAreAllNamed() {
		List<FieldError> errors = new ArrayList<>();
		RankingWeights weights = RANKING.weights()
			.override(RankingWeights.parseList("popularity:0.5, genre_overlap:0"), errors);
		assertThat(errors).isEmpty();
		assertThat(weights).isEqualTo(new RankingWeights(0.6, 0, 0.5, 0.1));

		RANKING.weights().override(RankingWeights.parseList("fame:1,rating:2,similarity:x,popularity"), errors);
		assertThat(errors).extracting(FieldError::parameter).containsOnly("weights");
		assertThat(errors).extracting(FieldError::message)
			.containsExactly("names unknown weight 'fame'; known: similarity, genre_overlap, popularity, rating",
					"weight 'rating' must be a number between 0 and 1",
					"weight 'similarity' must be a number between 0 and 1",
					"weight 'popularity' must be a number between 0 and 1");

		errors.clear();
		RANKING.weights()
			.override(Map.of("similarity", "0", "genre_overlap", "0", "popularity", "0", "rating", "0"), errors);
		assertThat(errors).extracting(FieldError::message).containsExactly("must not all be 0");
	}

	@Test
	void reciprocalRankFusionLiftsAFullTextMatchAndKeepsPlainVectorOrderOtherwise() {
		CataloguePriors.Popularity none = CataloguePriors.Popularity.NONE;
		List<Candidate> candidates = new ArrayList<>();
		for (int i = 1; i <= 5; i++) {
			candidates.add(candidate(i, 1 - i / 10.0, List.of(), null, 0, 0));
		}
		// movie 4 is the first full-text match; movie 9 only the full text found (2nd
		// match)
		candidates.set(3, candidates.get(3).withTextRank(1));
		candidates.add(candidate(9, 0.1, List.of(), null, 0, 0).withTextRank(2));
		List<Ranked> ranked = this.ranker.rank(candidates, List.of(), null, none, 0, candidates.size());
		List<Ranked> fused = this.ranker.fuse(ranked, Set.of(1L, 2L, 3L, 4L, 5L), 0, 6);
		// 4: 1/(60+4) + 1/(60+1) beats 1's 1/(60+1); 9's 1/(60+2) ties with 2's, broken
		// by id
		assertThat(ids(fused)).containsExactly(4L, 1L, 2L, 9L, 3L, 5L);
		assertThat(fused.getFirst().relevance()).isCloseTo(1.0 / 64 + 1.0 / 61, within(1e-12));
		assertThat(fused.getFirst().components().textRank()).isCloseTo(1.0, within(1e-12));
		assertThat(fused.get(3).components().textRank()).isCloseTo(61.0 / 62, within(1e-12));

		// no full-text match: the vector order stands
		List<Candidate> plain = candidates.subList(0, 3).stream().map((c) -> c.withTextRank(null)).toList();
		List<Ranked> plainRanked = this.ranker.rank(plain, List.of(), null, none, 0, 3);
		assertThat(ids(this.ranker.fuse(plainRanked, Set.of(1L, 2L, 3L), 0, 3))).containsExactly(1L, 2L, 3L);
	}

	@Test
	void bestScoreIsTheBestLikedMatchMinusTheBestDislikedOne() {
		float[] a = { 1, 0, 0 };
		float[] b = { 0, 1, 0 };
		float[] bad = { 0, 0, 1 };
		float[] candidate = unit(0.6f, 0.1f, 0.3f);
		double best = QueryVectors.best(candidate, List.of(a, b));
		assertThat(best).isCloseTo(Ranker.dot(candidate, a), within(1e-9));
		assertThat(QueryVectors.best(candidate, List.of(bad))).isCloseTo(Ranker.dot(candidate, bad), within(1e-9));
		// a movie close to only one of two far-apart liked movies still scores high,
		// where Rocchio's mean of the two sits between them and favours neither
		float[] nearA = unit(0.95f, 0.05f, 0);
		float[] between = unit(0.5f, 0.5f, 0);
		assertThat(QueryVectors.best(nearA, List.of(a, b))).isGreaterThan(QueryVectors.best(between, List.of(a, b)));
		float[] mean = QueryVectors.rocchio(List.of(a, b), List.of(), 0.5);
		assertThat(Ranker.dot(between, mean)).isGreaterThan(Ranker.dot(nearA, mean));
	}

	@Test
	void explanationNamesSharedGenresCastAndTheLikedMovieThatPulledItIn() {
		float[] inceptionVector = unit(1, 0, 0);
		float[] toyStoryVector = unit(0, 1, 0);
		MovieVector inception = new MovieVector(12, "Inception", 2010, List.of("sci-fi", "thriller"), inceptionVector);
		MovieVector toyStory = new MovieVector(13, "Toy Story", 1995, List.of("animation"), toyStoryVector);
		Movie inceptionMovie = movie(12, "Inception", List.of("Sci-Fi", "Thriller"), "Tom Hardy", "Elliot Page");
		Movie toyStoryMovie = movie(13, "Toy Story", List.of("Animation"), "Tom Hanks");
		Movie tenet = movie(20, "Tenet", List.of("Action", "Sci-Fi", "Thriller"), "John David Washington", "Tom Hardy");
		Explainer explainer = new Explainer(List.of(inception, toyStory), true,
				Map.of(12L, inceptionMovie, 13L, toyStoryMovie, 20L, tenet),
				List.of("sci-fi", "thriller", "animation"));
		Candidate candidate = new Candidate(20, 0.81, 0.19, List.of("action", "sci-fi", "thriller"), 7.3, 30_000, 0,
				unit(0.9f, 0.1f, 0), null);
		Components parts = new Components(0.81, 0.5, 0.8, 0.76, null);

		Explanation explanation = explainer.explain(tenet, new Ranked(candidate, 0.7, parts), false);

		assertThat(explanation.components()).isEqualTo(parts);
		assertThat(explanation.sharedGenres()).containsExactly("Sci-Fi", "Thriller");
		assertThat(explanation.sharedCast()).containsExactly("Tom Hardy");
		assertThat(explanation.pulledInBy()).isEqualTo(new Explanation.MovieRef(12, "Inception"));
		assertThat(explanation.reasons()).containsExactly("Shares Sci-Fi and Thriller", "Also stars Tom Hardy",
				"Close to Inception, which you liked", "Popular: 30,000 likes", "Highly rated: 7.3/10");
	}

	/**
	 * Found by an outside check: "Popular" and "Highly rated" were given as reasons with
	 * ranking=similarity, where neither counts.
	 */
	@Test
	void popularAndHighlyRatedAreReasonsOnlyWhereTheirWeightsCount() {
		Movie tenet = movie(20, "Tenet", List.of("Action"), "John David Washington");
		Candidate candidate = new Candidate(20, 0.81, 0.19, List.of("action"), 7.9, 30_000, 0, null, null);
		Ranked ranked = new Ranked(candidate, 0.7, new Components(0.81, null, 0.8, 0.8, null));
		Function<List<String>, List<String>> keys = SearchOptions::genreKeys;

		assertThat(
				new Explainer(List.of(), false, Map.of(20L, tenet), List.of(), keys, null).explain(tenet, ranked, false)
					.reasons())
			.isEmpty();
		assertThat(
				new Explainer(List.of(), false, Map.of(20L, tenet), List.of(), keys, new RankingWeights(0.8, 0.2, 0, 0))
					.explain(tenet, ranked, false)
					.reasons())
			.isEmpty();
		assertThat(new Explainer(List.of(), false, Map.of(20L, tenet), List.of(), keys,
				new RankingWeights(0.7, 0.1, 0.2, 0))
			.explain(tenet, ranked, false)
			.reasons()).containsExactly("Popular: 30,000 likes");
		assertThat(new Explainer(List.of(), false, Map.of(20L, tenet), List.of(), keys,
				new RankingWeights(0.7, 0.1, 0.1, 0.1))
			.explain(tenet, ranked, false)
			.reasons()).containsExactly("Popular: 30,000 likes", "Highly rated: 7.3/10");
	}

	@Test
	void explanationOfATextQueryHasNoExampleMovie() {
		Movie heat = movie(5, "Heat", List.of("Crime"), "Al Pacino");
		Explainer explainer = new Explainer(List.of(), false, Map.of(5L, heat), List.of());
		Candidate candidate = new Candidate(5, 0.4, 0.6, List.of("crime"), 8.3, 10, 0, null, 1);
		Explanation explanation = explainer.explain(heat,
				new Ranked(candidate, 0.03, new Components(0.4, null, 0.1, 0.62, 1.0, 0.8, null)), true);
		assertThat(explanation.pulledInBy()).isNull();
		assertThat(explanation.sharedGenres()).isEmpty();
		assertThat(explanation.sharedCast()).isEmpty();
		assertThat(explanation.reasons()).containsExactly("Its story is close to your description",
				"Your words appear in its title, cast or description");
	}

	@Test
	void aTextResultOnlyItsWordsBroughtInIsNotSaidToHaveACloseStory() {
		Movie endgame = movie(6, "Avengers: Endgame", List.of("Action"), "Scarlett Johansson");
		Explainer explainer = new Explainer(List.of(), false, Map.of(6L, endgame), List.of());
		Candidate candidate = new Candidate(6, 0.18, 0.82, List.of("action"), 8.4, 10, 0, null, 1);
		// among the farthest of the pool by its vector; first by its words (the name in
		// its cast)
		Explanation explanation = explainer.explain(endgame,
				new Ranked(candidate, 0.03, new Components(0.18, null, 0.1, 0.62, 1.0, 0.135, null)), true);
		assertThat(explanation.reasons()).containsExactly("Your words appear in its title, cast or description");
	}

	@Test
	void namesAreListedInWords() {
		assertThat(Explainer.list(List.of("Drama"))).isEqualTo("Drama");
		assertThat(Explainer.list(List.of("Drama", "Crime"))).isEqualTo("Drama and Crime");
		assertThat(Explainer.list(List.of("A", "B", "C", "D"))).isEqualTo("A, B and C");
	}

	static Movie movie(long id, String title, List<String> genres, String... cast) {
		return new Movie(id, id, null, title, null, 2000, 7.3, null, genres, null, null, "en", 30_000, 0, null, null,
				null, null, null,
				java.util.Arrays.stream(cast).map((n) -> new CastMember(n, null, null, null)).toList());
	}

	static float[] unit(float... values) {
		return VectorCatalogue.normalise(values);
	}

	static List<Long> ids(List<Ranked> ranked) {
		return ranked.stream().map((r) -> r.candidate().movieId()).toList();
	}

}
