package dev.movies.vector;

/**
 * pgvector's column types for {@code movie_embeddings.embedding}, with the operator class
 * of the inner-product index on each ({@code EMBEDDING_STORAGE}).
 */
public enum VectorStorage {

	VECTOR("vector", "vector_ip_ops"), HALFVEC("halfvec", "halfvec_ip_ops");

	private final String type;

	private final String opclass;

	VectorStorage(String type, String opclass) {
		this.type = type;
		this.opclass = opclass;
	}

	/** The column type, e.g. {@code halfvec(768)}. */
	public String columnType(int dimension) {
		return "%s(%d)".formatted(this.type, dimension);
	}

	public String opclass() {
		return this.opclass;
	}

}
