package dev.movies.recommendation;

import java.util.List;

/**
 * One of the movies nearest to a query, with what the ranking needs.
 *
 * @param dot the inner product with the (unit) query: the cosine similarity, since stored vectors
 * are unit length
 * @param distance the pgvector distance of the requested metric
 * @param vector the movie's embedding, only loaded when MMR needs it
 */
record Candidate(long movieId, double dot, double distance, List<String> genreKeys, Double rating, int likeCount,
		float[] vector) {
}
