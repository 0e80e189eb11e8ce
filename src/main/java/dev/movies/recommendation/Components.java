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
 */
public record Components(Double similarity, Double genreOverlap, Double popularity, Double rating, Double textRank) {
}
