package dev.movies.recommendation;

/**
 * The parts of a blended score, each before weighting, each 0..1 except similarity (a
 * cosine, or a best-score difference); {@code null} where a part does not apply.
 *
 * @param similarity the similarity to the query (with hybrid text retrieval, the fused
 * rank score is what is weighted; this stays the cosine)
 * @param genreOverlap Jaccard overlap of the movie's genres with the query's
 * @param popularity the log-scaled, catalogue-normalised likes and downloads
 * @param rating the Bayesian rating / 10
 * @param textRank the full-text part of the reciprocal rank fusion, normalised so the
 * first full-text match has 1; {@code null} outside text queries or when the full text
 * did not find it
 * @param poolSimilarity the similarity rescaled within the candidate pool (1 for the
 * closest candidate, 0 for the farthest): what the blend weighs, so that a model whose
 * cosines sit in a narrow band is not swamped by the priors
 * @param poolGenreOverlap the genre overlap rescaled within the candidate pool the same
 * way; {@code null} where the genre overlap does not apply
 */
public record Components(Double similarity, Double genreOverlap, Double popularity, Double rating, Double textRank,
		Double poolSimilarity, Double poolGenreOverlap) {

	/** The parts of a score whose similarity and genre overlap are weighed unscaled. */
	public Components(Double similarity, Double genreOverlap, Double popularity, Double rating, Double textRank) {
		this(similarity, genreOverlap, popularity, rating, textRank, similarity, genreOverlap);
	}

	Components scaled(double poolSimilarity, Double poolGenreOverlap) {
		return new Components(this.similarity, this.genreOverlap, this.popularity, this.rating, this.textRank,
				poolSimilarity, poolGenreOverlap);
	}

}
