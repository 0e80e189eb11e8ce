package dev.movies.vector;

import java.util.List;

/**
 * Writes to {@code movie_embeddings}, the one way other features change the stored
 * vectors (the backfill stores them; searches only read them).
 */
public interface MovieVectors {

	/**
	 * Stores (or replaces) the vectors of {@code model}, in the caller's transaction.
	 */
	void save(String model, List<NewVector> vectors);

}
