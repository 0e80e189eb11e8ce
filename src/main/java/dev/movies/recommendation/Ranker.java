package dev.movies.recommendation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Orders the nearest candidates: by similarity alone, or by a blend of similarity, genre overlap and
 * a popularity prior; then optionally diversifies them with maximal marginal relevance.
 */
class Ranker {

	private final RecommendationProperties.Ranking weights;

	Ranker(RecommendationProperties.Ranking weights) {
		this.weights = weights;
	}

	/**
	 * @param candidates the nearest movies, any order
	 * @param queryGenres the genres the query is about (lower case), empty when it has none
	 * @param count how many ranked movies to return at most (offset + limit)
	 */
	List<Ranked> rank(List<Candidate> candidates, Collection<String> queryGenres, boolean blended, double diversity,
			int count) {
		Set<String> genres = Set.copyOf(queryGenres);
		List<Ranked> ranked = new ArrayList<>(candidates.size());
		for (Candidate candidate : candidates) {
			ranked.add(new Ranked(candidate, blended ? blend(candidate, genres) : candidate.dot()));
		}
		// ties broken by id, so equal scores page deterministically
		ranked.sort(Comparator.comparingDouble(Ranked::relevance).reversed()
			.thenComparingLong((r) -> r.candidate().movieId()));
		if (diversity > 0 && ranked.size() > 1) {
			// MMR costs O(picks * pool * dimension): it re-orders only the best candidate-pool-size
			// movies, whatever the offset, and deeper pages continue in relevance order. Without this
			// cap one anonymous ?offset=10000&diversity=0.5 compared 10,100 vectors with each other.
			int pool = Math.min(this.weights.candidatePoolSize(), ranked.size());
			List<Ranked> diversified = new ArrayList<>(
					maximalMarginalRelevance(ranked.subList(0, pool), 1 - diversity, Math.min(count, pool)));
			diversified.addAll(ranked.subList(pool, Math.max(pool, Math.min(count, ranked.size()))));
			return diversified;
		}
		return ranked.subList(0, Math.min(count, ranked.size()));
	}

	/** similarity * cos + genre * jaccard + popularity * bayesian rating / 10. */
	double blend(Candidate candidate, Set<String> queryGenres) {
		return this.weights.similarity() * candidate.dot()
				+ this.weights.genre() * jaccard(queryGenres, candidate.genreKeys())
				+ this.weights.popularity() * bayesianRating(candidate) / 10;
	}

	/**
	 * The movie's rating shrunk towards the prior by how few likes it has: a 9.0 with 3 likes is not
	 * better evidence than a 7.8 with 3,000.
	 */
	double bayesianRating(Candidate candidate) {
		double prior = this.weights.priorRating();
		if (candidate.rating() == null) {
			return prior;
		}
		double votes = candidate.likeCount();
		double m = this.weights.priorVotes();
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
	 * Greedy MMR: each next movie maximises {@code lambda * relevance - (1 - lambda) * (highest
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
				closestPicked[i] = Math.max(closestPicked[i], dot(chosen.candidate().vector(),
						remaining.get(i).candidate().vector()));
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

	/** A candidate with the value it was ranked by (the blended score, or the similarity). */
	record Ranked(Candidate candidate, double relevance) {
	}

}
