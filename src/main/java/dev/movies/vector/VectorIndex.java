package dev.movies.vector;

import java.util.List;

/**
 * An approximate-nearest-neighbour index on {@code movie_embeddings.embedding}, as the
 * catalog describes it.
 *
 * @param method {@code hnsw} or {@code ivfflat}
 * @param options the storage parameters, e.g. {@code m=16}
 * @param valid false for the leftover of a failed concurrent build
 */
public record VectorIndex(String name, String method, String opclass, List<String> options, boolean valid,
		long sizeBytes) {
}
