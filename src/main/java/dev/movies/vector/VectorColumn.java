package dev.movies.vector;

/**
 * What the {@code movie_embeddings.embedding} column must hold: the embedding feature
 * declares it (a bean made from its settings, since the model decides the dimension),
 * this feature makes the column match ({@link VectorColumnGuard}) and indexes it.
 *
 * @param dimension the vector length ({@code EMBEDDING_DIMENSION})
 * @param storage 4-byte or 2-byte floats ({@code EMBEDDING_STORAGE})
 * @param resetOnDimensionChange whether a start with another dimension than the column
 * holds may delete every stored vector and retype the column
 * ({@code EMBEDDING_RESET_ON_DIMENSION_CHANGE})
 */
public record VectorColumn(int dimension, VectorStorage storage, boolean resetOnDimensionChange) {

	/** The column type, e.g. {@code vector(384)}. */
	public String type() {
		return this.storage.columnType(this.dimension);
	}

}
