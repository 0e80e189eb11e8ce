package dev.movies.vector;

/** pgvector's approximate-nearest-neighbour index methods. */
public enum IndexType {

	HNSW, IVFFLAT

}
