package dev.movies.recommendation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import dev.movies.movie.CastMember;
import dev.movies.movie.Movie;
import dev.movies.recommendation.Explanation.MovieRef;
import dev.movies.recommendation.Ranker.Ranked;

/**
 * Builds {@code explain=true}'s explanation of one result: what it shares with the
 * query's movies and genres, the example movie it is closest to, and the reasons in
 * words.
 */
final class Explainer {

	/** How many names a reason lists before it stops. */
	private static final int MAX_NAMES = 3;

	/**
	 * A popularity part from which "popular" is worth saying (about the top fifth of
	 * YTS-like data).
	 */
	static final double POPULAR = 0.75;

	/** A Bayesian rating part from which "highly rated" is worth saying (7.5/10). */
	static final double HIGHLY_RATED = 0.75;

	/**
	 * The similarity, rescaled within the candidate pool, from which a text query's
	 * result is said to be close to the description: the nearer half of the pool.
	 */
	static final double CLOSE_TO_TEXT = 0.5;

	private final List<MovieVector> examples;

	private final Set<String> exampleCast;

	private final Set<String> queryGenres;

	private final boolean liked;

	private final Function<List<String>, List<String>> genreKeys;

	private final boolean popularityCounts;

	private final boolean ratingCounts;

	/**
	 * @param examples the liked (or base) movies, with their vectors
	 * @param liked whether the examples are movies the caller liked
	 * @param movies full movies by id, the examples among them
	 * @param queryGenres the genres the query is about, lower case
	 */
	Explainer(List<MovieVector> examples, boolean liked, Map<Long, Movie> movies, Collection<String> queryGenres) {
		this(examples, liked, movies, queryGenres, SearchOptions::genreKeys);
	}

	/**
	 * @param genreKeys a movie's genre names as canonical keys (the vocabulary), so that
	 * a Wikipedia "Science Fiction" is shared with a query about YTS's "Sci-Fi"
	 */
	Explainer(List<MovieVector> examples, boolean liked, Map<Long, Movie> movies, Collection<String> queryGenres,
			Function<List<String>, List<String>> genreKeys) {
		this(examples, liked, movies, queryGenres, genreKeys, new RankingWeights(1, 1, 1, 1));
	}

	/**
	 * @param weights the ranking's weights ({@code null} for {@code ranking=similarity}):
	 * "popular" and "highly rated" are said only of a ranking in which they count
	 */
	Explainer(List<MovieVector> examples, boolean liked, Map<Long, Movie> movies, Collection<String> queryGenres,
			Function<List<String>, List<String>> genreKeys, RankingWeights weights) {
		this.popularityCounts = weights != null && weights.popularity() > 0;
		this.ratingCounts = weights != null && weights.rating() > 0;
		this.genreKeys = genreKeys;
		this.examples = examples;
		this.liked = liked;
		this.exampleCast = new LinkedHashSet<>();
		for (MovieVector example : examples) {
			Movie movie = movies.get(example.id());
			if (movie != null) {
				movie.cast()
					.stream()
					.map(CastMember::name)
					.filter((n) -> n != null && !n.isBlank())
					.forEach((name) -> this.exampleCast.add(name.strip().toLowerCase(Locale.ROOT)));
			}
		}
		this.queryGenres = Set.copyOf(queryGenres);
	}

	Explanation explain(Movie movie, Ranked ranked, boolean textQuery) {
		List<String> sharedGenres = movie.genres()
			.stream()
			.filter((genre) -> genre != null
					&& this.genreKeys.apply(List.of(genre)).stream().anyMatch(this.queryGenres::contains))
			.distinct()
			.toList();
		List<String> sharedCast = movie.cast()
			.stream()
			.map(CastMember::name)
			.filter((name) -> name != null && this.exampleCast.contains(name.strip().toLowerCase(Locale.ROOT)))
			.distinct()
			.toList();
		MovieVector closest = closestExample(ranked.candidate());
		MovieRef pulledInBy = closest == null ? null : new MovieRef(closest.id(), closest.title());
		Components parts = ranked.components();
		List<String> reasons = new ArrayList<>();
		if (!sharedGenres.isEmpty()) {
			reasons.add("Shares " + list(sharedGenres));
		}
		if (!sharedCast.isEmpty()) {
			reasons.add("Also stars " + list(sharedCast));
		}
		if (closest != null) {
			reasons.add(this.liked ? "Close to %s, which you liked".formatted(closest.title())
					: "Close to " + closest.title());
		}
		else if (textQuery && (parts.poolSimilarity() == null || parts.poolSimilarity() >= CLOSE_TO_TEXT)) {
			// only when its vector earns it: a movie the full text alone brought in (a
			// name
			// in its cast) is not said to have a close story
			reasons.add("Its story is close to your description");
		}
		if (parts.textRank() != null) {
			reasons.add("Your words appear in its title, cast or description");
		}
		if (this.popularityCounts && parts.popularity() != null && parts.popularity() >= POPULAR) {
			reasons.add(String.format(Locale.ROOT, "Popular: %,d likes",
					movie.likeCount() == null ? 0 : movie.likeCount()));
		}
		if (this.ratingCounts && parts.rating() != null && parts.rating() >= HIGHLY_RATED && movie.rating() != null) {
			reasons.add(String.format(Locale.ROOT, "Highly rated: %.1f/10", movie.rating()));
		}
		return new Explanation(parts, sharedGenres, sharedCast, pulledInBy, List.copyOf(reasons));
	}

	/**
	 * The example movie the candidate is most similar to, or null without examples or
	 * vectors.
	 */
	private MovieVector closestExample(Candidate candidate) {
		if (this.examples.isEmpty()) {
			return null;
		}
		if (this.examples.size() == 1 || candidate.vector() == null) {
			return this.examples.getFirst();
		}
		MovieVector closest = null;
		double best = Double.NEGATIVE_INFINITY;
		for (MovieVector example : this.examples) {
			double dot = Ranker.dot(candidate.vector(), example.embedding());
			if (dot > best) {
				best = dot;
				closest = example;
			}
		}
		return closest;
	}

	/** "A", "A and B", "A, B and C" (at most {@link #MAX_NAMES}). */
	static String list(List<String> names) {
		List<String> shown = names.subList(0, Math.min(MAX_NAMES, names.size()));
		if (shown.size() == 1) {
			return shown.getFirst();
		}
		return String.join(", ", shown.subList(0, shown.size() - 1)) + " and " + shown.getLast();
	}

}
