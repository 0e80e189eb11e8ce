package dev.movies.recommendation;

import java.util.List;

/**
 * One of the movies nearest to a query, with what the ranking needs.
 *
 * @param dot the inner product with the (unit) query: the cosine similarity, since stored
 * vectors are unit length; with the best-score strategy, the candidate's match score
 * @param distance the pgvector distance of the requested metric
 * @param vector the movie's embedding, only loaded when MMR, the best-score strategy or
 * an explanation needs it
 * @param textRank the movie's rank among the full-text matches of a text query (1 =
 * best), or {@code null} when the full text did not find it
 */
record Candidate(long movieId, double dot, double distance, List<String> genreKeys, Double rating, long likeCount,
		long downloadCount, float[] vector, Integer textRank) {

	Candidate withMatch(double match, double distance) {
		return new Candidate(this.movieId, match, distance, this.genreKeys, this.rating, this.likeCount,
				this.downloadCount, this.vector, this.textRank);
	}

	Candidate withoutVector() {
		return new Candidate(this.movieId, this.dot, this.distance, this.genreKeys, this.rating, this.likeCount,
				this.downloadCount, null, this.textRank);
	}

	Candidate withTextRank(Integer rank) {
		return new Candidate(this.movieId, this.dot, this.distance, this.genreKeys, this.rating, this.likeCount,
				this.downloadCount, this.vector, rank);
	}

}
