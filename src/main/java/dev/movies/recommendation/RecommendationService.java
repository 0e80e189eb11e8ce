package dev.movies.recommendation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.movies.embedding.EmbeddingModel;
import dev.movies.movie.Movie;
import dev.movies.movie.MovieNotFoundException;
import dev.movies.recommendation.Ranker.Ranked;
import dev.movies.recommendation.RecommendationRepository.FilterEstimate;
import dev.movies.system.InvalidRequestException;
import dev.movies.system.InvalidRequestException.FieldError;

import org.springframework.stereotype.Service;

/**
 * Recommendations by vector similarity: from one movie, a free text, or several liked and disliked
 * movies. Every query fetches the nearest candidates from pgvector, re-ranks them (blend and/or
 * MMR) and returns one page.
 */
@Service
public class RecommendationService {

	/** Most liked or disliked movies one request may name. */
	static final int MAX_EXAMPLES = 100;

	private final RecommendationRepository repository;

	private final EmbeddingModel embeddingModel;

	private final VectorIndexManager indexes;

	private final RecommendationProperties properties;

	private final Ranker ranker;

	RecommendationService(RecommendationRepository repository, EmbeddingModel embeddingModel,
			VectorIndexManager indexes, RecommendationProperties properties) {
		this.repository = repository;
		this.embeddingModel = embeddingModel;
		this.indexes = indexes;
		this.properties = properties;
		this.ranker = new Ranker(properties.ranking());
	}

	public Recommendations similarToMovie(long movieId, SearchOptions options) {
		return similarTo(this.repository.findVectorById(movieId).orElseThrow(() -> MovieNotFoundException.byId(movieId)),
				options);
	}

	public Recommendations similarToExternalId(long externalId, SearchOptions options) {
		return similarTo(this.repository.findVectorByExternalId(externalId)
			.orElseThrow(() -> MovieNotFoundException.byExternalId(externalId)), options);
	}

	private Recommendations similarTo(MovieVector base, SearchOptions options) {
		requireEmbedded(List.of(base));
		List<String> rankingGenres = options.filters().genreKeys().isEmpty() ? base.genreKeys()
				: options.filters().genreKeys();
		return search(base.embedding(), rankingGenres, options.withExcluded(Set.of(base.id())),
				"similar to " + base.label());
	}

	public Recommendations forText(String text, SearchOptions options) {
		checkText(text, true);
		return search(this.embeddingModel.embedQuery(text.strip()), options.filters().genreKeys(), options,
				"for \"%s\"".formatted(abbreviate(text.strip())));
	}

	/**
	 * Rocchio-style relevance feedback: the query is the mean of the liked movies' vectors (and the
	 * text's, when given), minus {@code disliked-weight} times the mean of the disliked ones,
	 * normalised to unit length. Liked and disliked movies never appear in the results.
	 */
	public Recommendations forExamples(List<Long> liked, List<Long> disliked, String text, SearchOptions options) {
		checkExamples(liked, disliked, text);
		Set<Long> ids = new LinkedHashSet<>(liked);
		ids.addAll(disliked);
		Map<Long, MovieVector> found = this.repository.findVectorsByIds(ids)
			.stream()
			.collect(Collectors.toMap(MovieVector::id, Function.identity()));
		for (Long id : ids) {
			if (!found.containsKey(id)) {
				throw MovieNotFoundException.byId(id);
			}
		}
		requireEmbedded(found.values());
		List<float[]> positives = new ArrayList<>(liked.stream().map((id) -> found.get(id).embedding()).toList());
		if (text != null && !text.isBlank()) {
			positives.add(this.embeddingModel.embedQuery(text.strip()));
		}
		List<float[]> negatives = disliked.stream().map((id) -> found.get(id).embedding()).toList();
		float[] query = rocchio(positives, negatives, this.properties.dislikedWeight());
		if (query == null) {
			throw InvalidRequestException.of("disliked", "cancels the liked movies out: nothing is left to search for",
					disliked);
		}
		List<String> rankingGenres = options.filters().genreKeys();
		if (rankingGenres.isEmpty()) {
			rankingGenres = liked.stream().flatMap((id) -> found.get(id).genreKeys().stream()).distinct().toList();
		}
		String description = "from %d liked and %d disliked movies%s".formatted(liked.size(), disliked.size(),
				(text == null || text.isBlank()) ? "" : " and \"%s\"".formatted(abbreviate(text.strip())));
		return search(query, rankingGenres, options.withExcluded(ids), description);
	}

	/** {@code normalise(mean(positives) - gamma * mean(negatives))}, or null when that is ~0. */
	static float[] rocchio(List<float[]> positives, List<float[]> negatives, double gamma) {
		int dimension = positives.getFirst().length;
		double[] sum = new double[dimension];
		for (float[] vector : positives) {
			for (int i = 0; i < dimension; i++) {
				sum[i] += vector[i] / (double) positives.size();
			}
		}
		for (float[] vector : negatives) {
			for (int i = 0; i < dimension; i++) {
				sum[i] -= gamma * vector[i] / negatives.size();
			}
		}
		double norm = 0;
		for (double value : sum) {
			norm += value * value;
		}
		norm = Math.sqrt(norm);
		if (norm < 1e-6) {
			return null;
		}
		float[] query = new float[dimension];
		for (int i = 0; i < dimension; i++) {
			query[i] = (float) (sum[i] / norm);
		}
		return query;
	}

	private Recommendations search(float[] query, Collection<String> rankingGenres, SearchOptions options,
			String description) {
		boolean rerank = options.blended() || options.diversity() > 0;
		int rows = rerank ? Math.max(this.properties.ranking().candidatePoolSize(), options.pageEnd())
				: options.pageEnd();
		QueryPlan plan = plan(rows, options);
		List<Candidate> candidates = this.repository.nearest(query, options.metric(), options.filters(), plan);
		if (candidates.isEmpty() && !this.repository.hasEmbeddings()) {
			throw new NoEmbeddingsException();
		}
		if (options.minSimilarity() != null) {
			candidates = candidates.stream()
				.filter((c) -> options.metric().similarity(c.distance()) >= options.minSimilarity())
				.toList();
		}
		List<Ranked> ranked = this.ranker.rank(candidates, rankingGenres, options.blended(), options.diversity(),
				options.pageEnd());
		List<Ranked> page = ranked.subList(Math.min(options.offset(), ranked.size()), ranked.size());
		List<Movie> movies = this.repository.findMovies(page.stream().map((r) -> r.candidate().movieId()).toList());
		List<RecommendedMovie> results = new ArrayList<>(page.size());
		for (int i = 0; i < page.size() && i < movies.size(); i++) {
			Ranked r = page.get(i);
			double distance = r.candidate().distance();
			results.add(new RecommendedMovie(movies.get(i), options.metric().similarity(distance), distance,
					options.blended() ? r.relevance() : null));
		}
		return new Recommendations(results, options.metric(), description);
	}

	/**
	 * Index scan or exact scan. Filters are applied while the index is walked, so a selective filter
	 * makes an iterative scan visit about {@code rows / selectivity} tuples. The scan is exact when
	 * the filters keep fewer than {@code exact-scan-max-rows} movies (comparing them all is cheaper
	 * than an index search), or when the iterative scan would need more than half its
	 * {@code max-scan-tuples} budget (it could stop short of {@code limit}).
	 */
	QueryPlan plan(int rows, SearchOptions options) {
		RecommendationProperties.Index index = this.properties.index();
		boolean exact = rows > index.maxScanTuples() / 2;
		if (options.filters().narrows()) {
			FilterEstimate estimate = this.repository.estimate(options.filters());
			double expectedScan = rows / Math.max(estimate.selectivity(), 1e-9);
			exact |= estimate.kept() < index.exactScanMaxRows() || expectedScan > index.maxScanTuples() / 2.0;
		}
		int efSearch = Math.min(1000, Math.max(index.efSearch(), rows));
		return new QueryPlan(rows, exact, efSearch, index.maxScanTuples(), this.indexes.probes(),
				options.diversity() > 0);
	}

	private void requireEmbedded(Collection<MovieVector> movies) {
		for (MovieVector movie : movies) {
			if (!movie.embedded()) {
				if (!this.repository.hasEmbeddings()) {
					throw new NoEmbeddingsException();
				}
				throw new MovieNotEmbeddedException(movie);
			}
		}
	}

	private void checkText(String text, boolean required) {
		if (text == null || text.isBlank()) {
			if (required) {
				throw InvalidRequestException.of("text", "must not be blank", text);
			}
			return;
		}
		if (text.chars().anyMatch((c) -> Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r')) {
			throw InvalidRequestException.of("text", "must not contain control characters", abbreviate(text));
		}
		int max = this.properties.maxTextCharacters();
		if (text.strip().length() > max) {
			throw InvalidRequestException.of("text",
					"must be at most %d characters (the embedding model's window), got %d".formatted(max,
							text.strip().length()),
					abbreviate(text));
		}
	}

	private void checkExamples(List<Long> liked, List<Long> disliked, String text) {
		List<FieldError> errors = new ArrayList<>();
		if (liked.isEmpty() && (text == null || text.isBlank())) {
			errors.add(new FieldError("liked", "needs at least one movie id, or a text", liked));
		}
		if (liked.size() > MAX_EXAMPLES) {
			errors.add(new FieldError("liked", "must name at most %d movies".formatted(MAX_EXAMPLES), liked.size()));
		}
		if (disliked.size() > MAX_EXAMPLES) {
			errors.add(new FieldError("disliked", "must name at most %d movies".formatted(MAX_EXAMPLES),
					disliked.size()));
		}
		if (liked.stream().anyMatch(Objects::isNull) || disliked.stream().anyMatch(Objects::isNull)) {
			errors.add(new FieldError(liked.stream().anyMatch(Objects::isNull) ? "liked" : "disliked",
					"must not contain null", null));
		}
		Set<Long> both = new HashSet<>(liked);
		both.retainAll(new HashSet<>(disliked)); // an immutable list's contains(null) throws
		if (!both.isEmpty()) {
			errors.add(new FieldError("disliked", "must not contain liked movies, got both: " + both, both));
		}
		if (!errors.isEmpty()) {
			FieldError first = errors.getFirst();
			throw new InvalidRequestException("Parameter '%s' %s".formatted(first.parameter(), first.message()),
					errors);
		}
		checkText(text, false);
	}

	private static String abbreviate(String text) {
		return text.length() <= 60 ? text : text.substring(0, 57) + "...";
	}

}
