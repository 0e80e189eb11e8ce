package dev.movies.recommendation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.movies.recommendation.RecommendationProperties.PoolScale;

/**
 * Orders the nearest candidates: by similarity alone, or by a blend of similarity, genre
 * overlap, a popularity prior and the Bayesian rating; then optionally diversifies them
 * with maximal marginal relevance. About 250 lines: the blend's pool scaling and MMR read
 * the same ranked pool and are tested together ({@code RankingMathTests}).
 */
class Ranker {

	private final RecommendationProperties.Ranking settings;

	private final RecommendationProperties.Hybrid hybrid;

	Ranker(RecommendationProperties.Ranking settings, RecommendationProperties.Hybrid hybrid) {
		this.settings = settings;
		this.hybrid = hybrid;
	}

	/**
	 * @param candidates the nearest movies, any order
	 * @param queryGenres the genres the query is about (lower case), empty when it has
	 * none
	 * @param weights the blend's weights, or {@code null} to order by similarity alone
	 * @param popularity the catalogue's popularity normaliser
	 * @param count how many ranked movies to return at most (offset + limit)
	 */
	List<Ranked> rank(List<Candidate> candidates, Collection<String> queryGenres, RankingWeights weights,
			CataloguePriors.Popularity popularity, double diversity, int count) {
		Set<String> genres = Set.copyOf(queryGenres);
		List<Components> parts = new ArrayList<>(candidates.size());
		for (Candidate candidate : candidates) {
			parts.add(components(candidate, genres, popularity));
		}
		parts = scaleWithinPool(parts, this.settings.poolScale());
		List<Ranked> ranked = new ArrayList<>(candidates.size());
		for (int i = 0; i < candidates.size(); i++) {
			Candidate candidate = candidates.get(i);
			Components components = parts.get(i);
			ranked
				.add(new Ranked(candidate, weights == null ? candidate.dot() : blend(components, weights), components));
		}
		sort(ranked);
		return diversify(ranked, diversity, count);
	}

	/**
	 * The similarity and the genre overlap of each candidate rescaled within the pool, so
	 * that the blend weighs comparable spreads whatever the model: the raw cosines of one
	 * model spread over 0.3..0.8, another's (e5) over 0.78..0.86, while the priors spread
	 * over 0..1. With {@link PoolScale#MIN_MAX} the pool's closest candidate has 1 and
	 * its farthest 0 ({@link PoolScale#RANK}: the candidate's percentile rank); a part
	 * equal for the whole pool (one candidate, or no query genres) gets 1, as it
	 * separates nobody. {@link PoolScale#NONE} keeps the raw values.
	 */
	static List<Components> scaleWithinPool(List<Components> parts, PoolScale scale) {
		if (scale == PoolScale.NONE || parts.isEmpty()) {
			return parts.stream().map((c) -> c.scaled(c.similarity(), c.genreOverlap())).toList();
		}
		double[] similarity = scale(parts.stream().mapToDouble(Components::similarity).toArray(), scale);
		double[] genre = parts.getFirst().genreOverlap() == null ? null
				: scale(parts.stream().mapToDouble(Components::genreOverlap).toArray(), scale);
		List<Components> scaled = new ArrayList<>(parts.size());
		for (int i = 0; i < parts.size(); i++) {
			scaled.add(parts.get(i).scaled(similarity[i], genre == null ? null : genre[i]));
		}
		return scaled;
	}

	private static double[] scale(double[] values, PoolScale scale) {
		double min = Double.POSITIVE_INFINITY;
		double max = Double.NEGATIVE_INFINITY;
		for (double value : values) {
			min = Math.min(min, value);
			max = Math.max(max, value);
		}
		double[] scaled = new double[values.length];
		if (max - min < 1e-12) {
			Arrays.fill(scaled, 1);
			return scaled;
		}
		if (scale == PoolScale.MIN_MAX) {
			for (int i = 0; i < values.length; i++) {
				scaled[i] = (values[i] - min) / (max - min);
			}
			return scaled;
		}
		// RANK: the share of the pool below the value, ties sharing their mean rank
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		for (int i = 0; i < values.length; i++) {
			int below = countBelow(sorted, values[i], false);
			int notAbove = countBelow(sorted, values[i], true);
			scaled[i] = ((below + notAbove - 1) / 2.0) / (values.length - 1);
		}
		return scaled;
	}

	/**
	 * How many of the sorted values are below {@code value} (or, {@code orEqual}, not
	 * above it): a binary search.
	 */
	private static int countBelow(double[] sorted, double value, boolean orEqual) {
		int low = 0;
		int high = sorted.length;
		while (low < high) {
			int mid = (low + high) >>> 1;
			if (sorted[mid] < value || (orEqual && sorted[mid] == value)) {
				low = mid + 1;
			}
			else {
				high = mid;
			}
		}
		return low;
	}

	/**
	 * The first {@code count} of a ranked list, diversified by MMR when
	 * {@code diversity > 0}.
	 */
	List<Ranked> diversify(List<Ranked> ranked, double diversity, int count) {
		if (diversity > 0 && ranked.size() > 1) {
			// MMR costs O(picks * pool * dimension): it re-orders only the best
			// candidate-pool-size movies, whatever the offset, and deeper pages continue
			// in relevance order. Without this cap one anonymous
			// ?offset=10000&diversity=0.5 compared 10,100 vectors with each other.
			int pool = Math.min(this.settings.candidatePoolSize(), ranked.size());
			List<Ranked> diversified = new ArrayList<>(
					maximalMarginalRelevance(ranked.subList(0, pool), 1 - diversity, Math.min(count, pool)));
			diversified.addAll(ranked.subList(pool, Math.max(pool, Math.min(count, ranked.size()))));
			return diversified;
		}
		return ranked.subList(0, Math.min(count, ranked.size()));
	}

	/**
	 * Reciprocal rank fusion of an already ranked list with the full-text ranks its
	 * candidates carry: {@code vectorWeight / (k + rank) + textWeight / (k + textRank)},
	 * where {@code rank} is the movie's place in {@code ranked} among the vector
	 * neighbours ({@code vectorIds}), after {@code ranksBefore} ranked in earlier chunks,
	 * and a movie missing from one list gets nothing from it.
	 */
	List<Ranked> fuse(List<Ranked> ranked, Set<Long> vectorIds, int ranksBefore, int count) {
		List<Ranked> fused = new ArrayList<>(ranked.size());
		int rank = ranksBefore;
		for (Ranked r : ranked) {
			boolean vectorFound = vectorIds.contains(r.candidate().movieId());
			rank += vectorFound ? 1 : 0;
			double score = (vectorFound ? this.hybrid.vectorWeight() / (this.hybrid.rrfK() + rank) : 0)
					+ (r.candidate().textRank() == null ? 0
							: this.hybrid.textWeight() / (this.hybrid.rrfK() + r.candidate().textRank()));
			fused.add(new Ranked(r.candidate(), score, r.components()));
		}
		sort(fused);
		return fused.subList(0, Math.min(count, fused.size()));
	}

	private static void sort(List<Ranked> ranked) {
		// ties broken by id, so equal scores page deterministically
		ranked.sort(Comparator.comparingDouble(Ranked::relevance)
			.reversed()
			.thenComparingLong((r) -> r.candidate().movieId()));
	}

	Components components(Candidate candidate, Set<String> queryGenres, CataloguePriors.Popularity popularity) {
		Double textRank = candidate.textRank() == null ? null
				: (double) (this.hybrid.rrfK() + 1) / (this.hybrid.rrfK() + candidate.textRank());
		Double genreOverlap = queryGenres.isEmpty() ? null : jaccard(queryGenres, candidate.genreKeys());
		return new Components(candidate.dot(), genreOverlap,
				popularity.of(candidate.likeCount(), candidate.downloadCount()), bayesianRating(candidate) / 10,
				textRank, candidate.dot(), genreOverlap);
	}

	/**
	 * similarity * similarity in the pool + genre * genre overlap in the pool +
	 * popularity * prior + rating * bayesian / 10.
	 */
	static double blend(Components c, RankingWeights weights) {
		return weights.similarity() * c.poolSimilarity()
				+ weights.genreOverlap() * (c.poolGenreOverlap() == null ? 0 : c.poolGenreOverlap())
				+ weights.popularity() * c.popularity() + weights.rating() * c.rating();
	}

	/**
	 * The movie's rating shrunk towards the prior by how few likes it has: a 9.0 with 3
	 * likes is not better evidence than a 7.8 with 3,000.
	 */
	double bayesianRating(Candidate candidate) {
		double prior = this.settings.priorRating();
		if (candidate.rating() == null) {
			return prior;
		}
		double votes = candidate.likeCount();
		double m = this.settings.priorVotes();
		return (votes + m) == 0 ? candidate.rating() : (votes * candidate.rating() + m * prior) / (votes + m);
	}

	static double jaccard(Set<String> a, Collection<String> b) {
		if (a.isEmpty() || b.isEmpty()) {
			return 0;
		}
		Set<String> union = new HashSet<>(a);
		union.addAll(b);
		long common = b.stream().distinct().filter(a::contains).count();
		return (double) common / union.size();
	}

	/**
	 * Greedy MMR: each next movie maximises
	 * {@code lambda * relevance - (1 - lambda) * (highest
	 * cosine similarity to a movie already picked)}, so ten results are not ten sequels.
	 */
	private static List<Ranked> maximalMarginalRelevance(List<Ranked> ranked, double lambda, int count) {
		List<Ranked> remaining = new ArrayList<>(ranked);
		List<Ranked> picked = new ArrayList<>(Math.min(count, ranked.size()));
		double[] closestPicked = new double[remaining.size()];
		Arrays.fill(closestPicked, Double.NEGATIVE_INFINITY);
		while (picked.size() < count && !remaining.isEmpty()) {
			int best = 0;
			double bestScore = Double.NEGATIVE_INFINITY;
			for (int i = 0; i < remaining.size(); i++) {
				double redundancy = picked.isEmpty() ? 0 : closestPicked[i];
				double score = lambda * remaining.get(i).relevance() - (1 - lambda) * redundancy;
				if (score > bestScore) {
					bestScore = score;
					best = i;
				}
			}
			Ranked chosen = remaining.remove(best);
			System.arraycopy(closestPicked, best + 1, closestPicked, best, remaining.size() - best);
			picked.add(chosen);
			for (int i = 0; i < remaining.size(); i++) {
				closestPicked[i] = Math.max(closestPicked[i],
						dot(chosen.candidate().vector(), remaining.get(i).candidate().vector()));
			}
		}
		return picked;
	}

	static double dot(float[] a, float[] b) {
		double sum = 0;
		for (int i = 0; i < a.length; i++) {
			sum += (double) a[i] * b[i];
		}
		return sum;
	}

	/**
	 * A candidate with the value it was ranked by (the blended score, the similarity, or
	 * the fused rank score) and the parts of its blend.
	 *
	 */
	record Ranked(Candidate candidate, double relevance, Components components) {
	}

}
