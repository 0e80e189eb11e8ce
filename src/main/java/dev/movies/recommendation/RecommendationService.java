package dev.movies.recommendation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import dev.movies.embedding.EmbeddingModel;
import dev.movies.movie.Movie;
import dev.movies.movie.MovieNotFoundException;
import dev.movies.recommendation.Ranker.Ranked;
import dev.movies.recommendation.RecommendationRepository.BaseKey;
import dev.movies.recommendation.RecommendationRepository.FilterEstimate;
import dev.movies.recommendation.RecommendationRepository.Neighbours;
import dev.movies.system.InvalidRequestException;
import dev.movies.vector.VectorIndexManager;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Recommendations by vector similarity: from one movie, a free text, or several liked and
 * disliked movies. Every query fetches the nearest candidates from pgvector, re-ranks
 * them (blend and/or MMR) and returns one page. Over 250 lines: it is the one pipeline
 * the three kinds of query share (candidates widened until the page fills, best-score
 * pooling, hybrid text matches, ranking, the page's rows), whose steps read the same
 * query and options; the input rules are in {@link QueryRules}, the vector maths in
 * {@link QueryVectors}, the SQL in {@link RecommendationRepository}, the ranking in
 * {@link Ranker}.
 */
@Service
public class RecommendationService {

	private final RecommendationRepository repository;

	private final EmbeddingModel embeddingModel;

	private final VectorIndexManager indexes;

	private final RecommendationProperties properties;

	private final CataloguePriors priors;

	private final Ranker ranker;

	RecommendationService(RecommendationRepository repository, EmbeddingModel embeddingModel,
			VectorIndexManager indexes, RecommendationProperties properties, CataloguePriors priors) {
		this.repository = repository;
		this.embeddingModel = embeddingModel;
		this.indexes = indexes;
		this.properties = properties;
		this.priors = priors;
		this.ranker = new Ranker(properties.ranking(), properties.hybrid());
	}

	/**
	 * One read-only transaction for the whole request (one connection, one commit; on a
	 * replica when replicas are configured), and with {@code ranking=similarity} one
	 * statement: the movie, whether it has a vector, its neighbours (its vector read
	 * inside that statement) and their rows.
	 */
	@Transactional(readOnly = true)
	public Recommendations similarToMovie(long movieId, SearchOptions options) {
		return similarTo(BaseKey.ID, movieId, options, () -> MovieNotFoundException.byId(movieId));
	}

	@Transactional(readOnly = true)
	public Recommendations similarToExternalId(long externalId, SearchOptions options) {
		return similarTo(BaseKey.EXTERNAL_ID, externalId, options,
				() -> MovieNotFoundException.byExternalId(externalId));
	}

	private Recommendations similarTo(BaseKey key, long value, SearchOptions options,
			Supplier<MovieNotFoundException> notFound) {
		Retrieval retrieval = Retrieval.of(options, false, false, this.properties.ranking().candidatePoolSize());
		QueryPlan plan = plan(retrieval, options);
		Neighbours found = this.repository
			.neighboursOf(key, value, model(), options.metric(), options.filters(), plan, retrieval.movies())
			.orElseThrow(notFound);
		MovieVector base = found.base();
		requireEmbedded(List.of(base));
		SearchOptions own = options.withExcluded(Set.of(base.id()));
		List<Candidate> candidates = complete(found.candidates(), null, base.id(), own, plan, retrieval.movies());
		List<String> rankingGenres = options.filters().genreKeys().isEmpty() ? base.genreKeys()
				: this.priors.genreKeys(options.filters().genreKeys());
		Query query = new Query(null, base.id(), List.of(base), false, List.of(), List.of(), null, rankingGenres,
				"similar to " + base.label());
		return present(query, own, retrieval, candidates, null, candidates);
	}

	public Recommendations forText(String text, SearchOptions options) {
		QueryRules.checkText(text, true, this.properties.maxTextCharacters());
		float[] vector = this.embeddingModel.embedQuery(text.strip());
		Query query = new Query(vector, null, List.of(), false, List.of(vector), List.of(), text.strip(),
				this.priors.genreKeys(options.filters().genreKeys()),
				"for \"%s\"".formatted(QueryRules.abbreviate(text.strip())));
		return search(query, options);
	}

	/**
	 * Several liked and disliked movies (and a text). With the {@code average} strategy
	 * (Rocchio relevance feedback) the query is the mean of the liked movies' vectors
	 * (and the text's, when given), minus {@code disliked-weight} times the mean of the
	 * disliked ones, normalised to unit length; with {@code best_score} each candidate
	 * scores its best similarity among the liked movies (and the text) minus its best
	 * among the disliked ones. Liked and disliked movies never appear in the results.
	 */
	public Recommendations forExamples(List<Long> liked, List<Long> disliked, String text, SearchOptions options) {
		QueryRules.checkExamples(liked, disliked, text, this.properties.maxTextCharacters());
		Set<Long> ids = new LinkedHashSet<>(liked);
		ids.addAll(disliked);
		Map<Long, MovieVector> found = this.repository.findVectorsByIds(ids, model())
			.stream()
			.collect(Collectors.toMap(MovieVector::id, Function.identity()));
		for (Long id : ids) {
			if (!found.containsKey(id)) {
				throw MovieNotFoundException.byId(id);
			}
		}
		requireEmbedded(found.values());
		// a movie liked twice is liked once: repeats would only multiply best_score's
		// work
		List<MovieVector> likedMovies = liked.stream().distinct().map(found::get).toList();
		List<float[]> positives = new ArrayList<>(likedMovies.stream().map(MovieVector::embedding).toList());
		String queryText = (text == null || text.isBlank()) ? null : text.strip();
		if (queryText != null) {
			positives.add(this.embeddingModel.embedQuery(queryText));
		}
		List<float[]> negatives = disliked.stream().distinct().map((id) -> found.get(id).embedding()).toList();
		float[] vector = QueryVectors.rocchio(positives, negatives, this.properties.dislikedWeight());
		if (vector == null && options.strategy() == Strategy.AVERAGE) {
			throw InvalidRequestException.of("disliked", "cancels the liked movies out: nothing is left to search for",
					disliked);
		}
		List<String> rankingGenres = this.priors.genreKeys(options.filters().genreKeys());
		if (rankingGenres.isEmpty()) {
			rankingGenres = likedMovies.stream().flatMap((m) -> m.genreKeys().stream()).distinct().toList();
		}
		String description = "from %d liked and %d disliked movies%s".formatted(likedMovies.size(), negatives.size(),
				queryText == null ? "" : " and \"%s\"".formatted(QueryRules.abbreviate(queryText)));
		Query query = new Query(vector, null, likedMovies, true, positives, negatives, queryText, rankingGenres,
				description);
		return search(query, options.withExcluded(ids));
	}

	/**
	 * What a search starts from.
	 *
	 * @param vector the one query vector (Rocchio's for several examples; {@code null}
	 * when the examples cancel out, which only the best-score strategy can rank, or when
	 * the query is a stored movie's vector)
	 * @param baseId the movie whose stored vector is the query, read in SQL (similar to
	 * one movie), or {@code null}
	 * @param examples the liked (or base) movies: explanations name the one a result is
	 * closest to
	 * @param liked whether the examples are movies the caller liked (not the movie asked
	 * about)
	 * @param positives the vectors a result should be close to (liked movies, the text)
	 * @param negatives the vectors it should be far from (disliked movies)
	 * @param text the free text, for the full-text half of hybrid retrieval
	 */
	private record Query(float[] vector, Long baseId, List<MovieVector> examples, boolean liked,
			List<float[]> positives, List<float[]> negatives, String text, Collection<String> rankingGenres,
			String description) {

		boolean needsBestScore(Strategy strategy) {
			return strategy == Strategy.BEST_SCORE && (this.positives.size() > 1 || !this.negatives.isEmpty());
		}

	}

	/**
	 * The most candidates {@code best_score} ranks (or the candidate pool, when larger):
	 * it reads every candidate's vector, for each liked movie a share; a page past the
	 * candidate pool ranks the capped pool's candidates after the pool's own, and a page
	 * past the cap is empty.
	 */
	static final int BEST_SCORE_MAX_CANDIDATES = 1_000;

	/**
	 * How many candidates a search reads and what with them.
	 *
	 * @param rows the candidates: the page's end, or, when something re-ranks them, the
	 * page's end rounded up to whole chunks of the candidate pool (re-ranked chunk by
	 * chunk); with best score the pool, or the cap for a page past the pool
	 * @param withVectors whether the candidates' vectors are needed (diversity, best
	 * score, explanations)
	 * @param movies where the candidates' full rows go when they are read in the same
	 * statement (nothing re-ranks the nearest rows: they are the page), else {@code null}
	 */
	private record Retrieval(boolean bestScore, boolean hybrid, boolean rerank, int rows, boolean withVectors,
			Map<Long, Movie> movies) {

		static Retrieval of(SearchOptions options, boolean bestScore, boolean hybrid, int candidatePool) {
			boolean rerank = options.blended() || options.diversity() > 0 || bestScore || hybrid;
			// Filtered pages in the order of distance ask for whole pools too: PostgreSQL
			// chooses between the index and a sort of the filtered rows by the LIMIT, and
			// pages searched one way and the other would not agree. Their rows are read
			// for the page alone, afterwards.
			boolean wholePools = !rerank && options.filters().narrows();
			// re-ranked in chunks of the pool's size: the rows that fill the page's last
			// chunk
			int rows = (rerank || wholePools)
					? Math.ceilDiv(Math.max(1, options.pageEnd()), candidatePool) * candidatePool : options.pageEnd();
			if (bestScore) {
				rows = (options.pageEnd() <= candidatePool) ? candidatePool
						: Math.max(candidatePool, BEST_SCORE_MAX_CANDIDATES);
			}
			boolean withVectors = options.diversity() > 0 || bestScore || options.explain();
			return new Retrieval(bestScore, hybrid, rerank, rows, withVectors,
					(rerank || wholePools || options.explain()) ? null : new HashMap<>());
		}

	}

	private Recommendations search(Query query, SearchOptions options) {
		int pool = this.properties.ranking().candidatePoolSize();
		// ranking=similarity is the vectors' order alone, text or not (the original's)
		Retrieval retrieval = Retrieval.of(options, query.needsBestScore(options.strategy()),
				query.text() != null && this.properties.hybrid().enabled() && options.blended(), pool);
		List<Candidate> vectorCandidates;
		Set<Long> firstChunk = null;
		if (!retrieval.bestScore()) {
			vectorCandidates = nearestComplete(query.vector(), query.baseId(), plan(retrieval, options), options,
					retrieval.movies());
		}
		else if (options.offset() >= retrieval.rows()) {
			// a best_score page past its candidate cap is empty, found without a scan
			vectorCandidates = List.of();
		}
		else {
			// the first chunk is always the pool's own candidates, however many; the
			// deeper ones come from the capped pool, never from a pool sized by the page
			vectorCandidates = bestScoreCandidates(query, pool, retrieval.withVectors(), options);
			Set<Long> first = vectorCandidates.stream().map(Candidate::movieId).collect(Collectors.toSet());
			firstChunk = first;
			if (retrieval.rows() > pool) {
				List<Candidate> deeper = bestScoreCandidates(query, retrieval.rows(), retrieval.withVectors(), options)
					.stream()
					.filter((c) -> !first.contains(c.movieId()))
					.sorted(BEST_FIRST)
					.toList();
				vectorCandidates = new ArrayList<>(vectorCandidates);
				vectorCandidates.addAll(deeper);
			}
		}
		List<Candidate> candidates = retrieval.hybrid()
				? withTextMatches(vectorCandidates, query, retrieval.bestScore(), retrieval.withVectors(), options)
				: vectorCandidates;
		return present(query, options, retrieval, vectorCandidates, firstChunk, candidates);
	}

	/** Best-score candidates in their order: the best first, ties by id. */
	private static final Comparator<Candidate> BEST_FIRST = Comparator.comparingDouble(Candidate::dot)
		.reversed()
		.thenComparingLong(Candidate::movieId);

	/**
	 * Ranks the candidates, cuts the page and pairs it with the movies' rows (read in the
	 * search's own statement, or here). The candidates are ranked in chunks of
	 * {@code candidate-pool-size}, each after the ones before: the nearest 100 (and every
	 * full-text match) re-ranked among themselves, then the next 100 among themselves,
	 * and so on. So a chunk's order never depends on how deep the page is, and
	 * consecutive pages never repeat or skip a movie.
	 * @param firstChunk the ids of the first chunk when it is not simply the first
	 * {@code candidate-pool-size} of {@code vectorCandidates} (best score: its whole
	 * pool), else {@code null}
	 */
	private Recommendations present(Query query, SearchOptions options, Retrieval retrieval,
			List<Candidate> vectorCandidates, Set<Long> firstChunk, List<Candidate> candidates) {
		boolean hybrid = retrieval.hybrid();
		Map<Long, Movie> movies = retrieval.movies();
		if (candidates.isEmpty() && !this.repository.hasEmbeddings(model())) {
			throw new NoEmbeddingsException();
		}
		int size = (movies != null) ? Integer.MAX_VALUE : this.properties.ranking().candidatePoolSize();
		Set<Long> first = firstChunk;
		if (first == null) {
			// in the order the search found them: a deeper search finds the same first
			// ones first (see plan())
			first = vectorCandidates.stream().limit(size).map(Candidate::movieId).collect(Collectors.toSet());
		}
		CataloguePriors.Popularity popularity = this.priors.popularity();
		List<Ranked> ranked = new ArrayList<>();
		int vectorRank = 0;
		List<List<Candidate>> chunks = chunks(candidates, first, size);
		for (int i = 0; i < chunks.size() && ranked.size() < options.pageEnd(); i++) {
			List<Candidate> chunk = chunks.get(i);
			if (options.minSimilarity() != null) {
				chunk = chunk.stream()
					.filter((c) -> options.metric().similarity(c.distance()) >= options.minSimilarity())
					.toList();
			}
			boolean firstOne = i == 0;
			// MMR re-orders the first chunk only; deeper pages continue in relevance
			// order (its cost grows with the pool squared)
			double diversity = firstOne ? options.diversity() : 0;
			List<Ranked> chunkRanked;
			if (hybrid) {
				Set<Long> vectorIds = firstOne ? first : Set.copyOf(chunk.stream().map(Candidate::movieId).toList());
				List<Ranked> blended = this.ranker.rank(chunk, query.rankingGenres(), options.weights(), popularity, 0,
						chunk.size());
				chunkRanked = this.ranker.fuse(blended, vectorIds, vectorRank, chunk.size());
				vectorRank += (int) chunk.stream().filter((c) -> vectorIds.contains(c.movieId())).count();
				if (diversity > 0) {
					chunkRanked = this.ranker.diversify(chunkRanked, diversity, options.pageEnd());
				}
			}
			else {
				chunkRanked = this.ranker.rank(chunk, query.rankingGenres(), options.weights(), popularity, diversity,
						options.pageEnd() - ranked.size());
				vectorRank += chunk.size();
			}
			ranked.addAll(chunkRanked);
		}
		ranked = ranked.subList(0, Math.min(options.pageEnd(), ranked.size()));
		List<Ranked> page = ranked.subList(Math.min(options.offset(), ranked.size()), ranked.size());
		Set<Long> wanted = new LinkedHashSet<>();
		page.forEach((r) -> wanted.add(r.candidate().movieId()));
		if (options.explain()) {
			query.examples().forEach((example) -> wanted.add(example.id()));
		}
		if (movies == null || !movies.keySet().containsAll(wanted)) {
			movies = this.repository.findMovies(wanted);
		}
		Explainer explainer = options.explain() ? new Explainer(query.examples(), query.liked(), movies,
				query.rankingGenres(), this.priors::genreKeys, options.weights()) : null;
		List<RecommendedMovie> results = new ArrayList<>(page.size());
		for (Ranked r : page) {
			// paired by id: a movie deleted since the search is left out, never given
			// another's score
			Movie movie = movies.get(r.candidate().movieId());
			if (movie == null) {
				continue;
			}
			double distance = r.candidate().distance();
			results.add(new RecommendedMovie(movie, options.metric().similarity(distance), distance,
					(options.blended() || hybrid) ? r.relevance() : null,
					explainer == null ? null : explainer.explain(movie, r, query.text() != null)));
		}
		return new Recommendations(results, options.metric(), query.description(),
				options.explain() ? weightsUsed(options) : null);
	}

	private static Map<String, Double> weightsUsed(SearchOptions options) {
		RankingWeights w = options.weights() == null ? new RankingWeights(1, 0, 0, 0) : options.weights();
		Map<String, Double> weights = new LinkedHashMap<>();
		weights.put("similarity", w.similarity());
		weights.put("genre_overlap", w.genreOverlap());
		weights.put("popularity", w.popularity());
		weights.put("rating", w.rating());
		return weights;
	}

	/**
	 * The candidates in the chunks they are ranked in: first the {@code first} ones and
	 * every full-text match, then the others by their place in the order the search found
	 * them, {@code size} places a chunk. A place is kept by a full-text match that moved
	 * to the first chunk, so no chunk's members depend on how many rows were read.
	 */
	static List<List<Candidate>> chunks(List<Candidate> candidates, Set<Long> first, int size) {
		List<List<Candidate>> chunks = new ArrayList<>();
		chunks.add(new ArrayList<>());
		long place = 0;
		for (Candidate c : candidates) {
			if (first.contains(c.movieId())) {
				chunks.getFirst().add(c);
				continue;
			}
			int chunk = (c.textRank() != null) ? 0 : (int) (1 + place / size);
			place++;
			while (chunks.size() <= chunk) {
				chunks.add(new ArrayList<>());
			}
			chunks.get(chunk).add(c);
		}
		return chunks;
	}

	/**
	 * The nearest movies, {@code rows} of them whenever that many pass the filters: an
	 * index scan that comes back short (its filters were more selective than the planner
	 * thought, or the scan budget ran out) is redone as an exact scan of the filtered
	 * rows.
	 */
	private List<Candidate> nearestComplete(float[] vector, Long baseId, QueryPlan plan, SearchOptions options,
			Map<Long, Movie> movies) {
		return complete(nearest(vector, baseId, options, plan, movies), vector, baseId, options, plan, movies);
	}

	/**
	 * What an index scan found, or, when it came back short of {@code plan.rows()} (its
	 * filters were more selective than the planner thought, or the scan budget ran out),
	 * the exact scan of the filtered rows.
	 */
	private List<Candidate> complete(List<Candidate> found, float[] vector, Long baseId, SearchOptions options,
			QueryPlan plan, Map<Long, Movie> movies) {
		if (plan.exact() || found.size() >= plan.rows()) {
			return found;
		}
		if (movies != null) {
			movies.clear();
		}
		return nearest(vector, baseId, options, plan.exactly(), movies);
	}

	private List<Candidate> nearest(float[] vector, Long baseId, SearchOptions options, QueryPlan plan,
			Map<Long, Movie> movies) {
		return (vector == null)
				? this.repository.nearestTo(baseId, model(), options.metric(), options.filters(), plan, movies)
				: this.repository.nearest(vector, model(), options.metric(), options.filters(), plan, movies);
	}

	/**
	 * Best score: the neighbours of each liked movie (and of the text) make the
	 * candidates; each is scored by its best similarity to a positive minus its best
	 * similarity to a negative. Its distance is the one to its best positive.
	 */
	private List<Candidate> bestScoreCandidates(Query query, int rows, boolean withVectors, SearchOptions options) {
		// The pool depends on rows alone (the candidate pool size for any page inside
		// it),
		// never on the page, so pages of one pool agree: each positive brings an equal
		// share, doubled while overlapping neighbourhoods leave fewer than rows movies
		// and
		// more exist.
		// Each round is one statement for all positives (a LATERAL index search per
		// positive), redone as one exact scan when an index search came back short: a
		// request with 100 liked movies costs a few statements, not 100 per round. The
		// filters are estimated once for all rounds.
		FilterEstimate estimate = options.filters().narrows() ? estimate(options.filters()) : null;
		int perPositive = Math.ceilDiv(rows, query.positives().size());
		while (true) {
			QueryPlan plan = plan(perPositive, options, true, estimate);
			List<List<Candidate>> each = this.repository.nearestEach(query.positives(), model(), options.metric(),
					options.filters(), plan);
			int fewest = each.stream().mapToInt(List::size).min().orElse(0);
			if (!plan.exact() && fewest < perPositive) {
				each = this.repository.nearestEach(query.positives(), model(), options.metric(), options.filters(),
						plan.exactly());
			}
			Map<Long, Candidate> pooled = new LinkedHashMap<>();
			boolean moreExist = false;
			for (List<Candidate> nearest : each) {
				moreExist |= nearest.size() >= perPositive;
				for (Candidate c : nearest) {
					pooled.putIfAbsent(c.movieId(), c);
				}
			}
			// and never more than four times the pool in one round, whatever the overlap
			if (pooled.size() >= rows || !moreExist || perPositive >= rows
					|| (long) perPositive * query.positives().size() >= 4L * rows) {
				return pooled.values().stream().map((c) -> bestScore(c, query, withVectors, options)).toList();
			}
			perPositive = Math.min(rows, perPositive * 2);
		}
	}

	private static Candidate bestScore(Candidate c, Query query, boolean withVectors, SearchOptions options) {
		double bestPositive = QueryVectors.best(c.vector(), query.positives());
		double bestNegative = query.negatives().isEmpty() ? 0 : QueryVectors.best(c.vector(), query.negatives());
		Candidate match = c.withMatch(bestPositive - bestNegative,
				options.metric().distanceOfUnitVectors(bestPositive));
		return withVectors ? match : match.withoutVector();
	}

	/**
	 * Adds the full-text matches of the query's text (title, cast, description), each
	 * with its rank among them; a match that is not among the vector neighbours joins as
	 * a candidate. A match holds a good share of the text's words, weighted by how rare
	 * each is in the catalogue ({@link TextTerms}), never one incidental common word.
	 */
	private List<Candidate> withTextMatches(List<Candidate> candidates, Query query, boolean bestScore,
			boolean withVectors, SearchOptions options) {
		RecommendationProperties.Hybrid hybrid = this.properties.hybrid();
		TextTerms terms = TextTerms.of(this.priors.documentFrequencies(this.repository.lexemes(query.text())),
				this.priors.catalogueRows(), hybrid.minTextMatch(), hybrid.minTextMatchOfBest());
		List<Long> matches = terms.isEmpty() ? List.of()
				: this.repository.fullTextMatches(terms, options.filters(), hybrid.textCandidates());
		if (matches.isEmpty()) {
			return candidates;
		}
		Map<Long, Integer> rankOf = new HashMap<>();
		for (int i = 0; i < matches.size(); i++) {
			rankOf.put(matches.get(i), i + 1);
		}
		List<Candidate> merged = new ArrayList<>(candidates.size() + matches.size());
		Set<Long> seen = new HashSet<>();
		for (Candidate c : candidates) {
			merged.add(c.withTextRank(rankOf.get(c.movieId())));
			seen.add(c.movieId());
		}
		List<Long> missing = matches.stream().filter((id) -> !seen.contains(id)).toList();
		float[] vector = bestScore ? query.positives().getFirst() : query.vector();
		for (Candidate c : this.repository.scoreMovies(vector, model(), options.metric(), missing,
				withVectors || bestScore)) {
			Candidate scored = bestScore ? bestScore(c, query, withVectors, options) : c;
			merged.add(scored.withTextRank(rankOf.get(c.movieId())));
		}
		return merged;
	}

	/**
	 * Index scan or exact scan. Filters are applied while the index is walked, so a
	 * selective filter makes an iterative scan visit about {@code rows / selectivity}
	 * tuples. The scan is exact when the filters keep fewer than
	 * {@code exact-scan-max-rows} movies (comparing them all is cheaper than an index
	 * search), or when the iterative scan would need more than half its
	 * {@code max-scan-tuples} budget (it could stop short of {@code limit}).
	 */
	QueryPlan plan(int rows, SearchOptions options, boolean withVectors) {
		return plan(rows, options, withVectors, options.filters().narrows() ? estimate(options.filters()) : null);
	}

	/**
	 * The nearest-neighbour query of a retrieval: its full rows come along when they are
	 * the page, and a page in the order of distance is searched in that order with the
	 * candidate list of the whole pool ({@link QueryPlan#inOrder}), so that its pages
	 * agree with one another.
	 */
	private QueryPlan plan(Retrieval retrieval, SearchOptions options) {
		QueryPlan plan = plan(retrieval.rows(), options, retrieval.withVectors());
		if (retrieval.movies() != null) {
			plan = plan.includingMovies();
		}
		if (!retrieval.rerank()) {
			plan = plan.inOrder(Math.min(1000,
					Math.max(this.properties.index().efSearch(), this.properties.ranking().candidatePoolSize())));
		}
		return plan;
	}

	/**
	 * The planner's estimate of the rows the filters keep, beside its (kept) estimate of
	 * the catalogue's rows: one EXPLAIN.
	 */
	private FilterEstimate estimate(SearchOptions.Filters filters) {
		return this.repository.estimate(filters, this.priors.catalogueRows());
	}

	/** As above, with the filters' estimate already made ({@code null}: no filters). */
	private QueryPlan plan(int rows, SearchOptions options, boolean withVectors, FilterEstimate estimate) {
		RecommendationProperties.Index index = this.properties.index();
		boolean exact = rows > index.maxScanTuples() / 2;
		if (estimate != null) {
			double expectedScan = rows / Math.max(estimate.selectivity(), 1e-9);
			exact |= estimate.kept() < index.exactScanMaxRows() || expectedScan > index.maxScanTuples() / 2.0;
		}
		// never past the candidate pool: a deeper page's search then finds the same
		// first movies in the same order as the first page's (the iterative scan goes on
		// from there), so the chunks of a re-ranked pool never move between pages
		int efSearch = Math.min(1000,
				Math.max(index.efSearch(), Math.min(rows, this.properties.ranking().candidatePoolSize())));
		return new QueryPlan(rows, exact, efSearch, index.maxScanTuples(), this.indexes.probes(), withVectors);
	}

	private void requireEmbedded(Collection<MovieVector> movies) {
		for (MovieVector movie : movies) {
			if (!movie.embedded()) {
				if (!this.repository.hasEmbeddings(model())) {
					throw new NoEmbeddingsException();
				}
				throw new MovieNotEmbeddedException(movie);
			}
		}
	}

	/**
	 * The model whose vectors this instance compares: only vectors it made are ever used.
	 */
	private String model() {
		return this.embeddingModel.name();
	}

}
