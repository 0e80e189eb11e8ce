package dev.movies.vector;

import org.springframework.util.unit.DataSize;

/**
 * How the vector index is built: a bean the recommendation feature makes from its
 * settings ({@code movies.recommendations.index.*}, where the query-time settings of the
 * same index live too, so an operator finds them together).
 *
 * @param type {@code hnsw} or {@code ivfflat}
 * @param m HNSW links per node
 * @param efConstruction HNSW build-time candidate list
 * @param lists IVFFlat lists; 0 derives them from the row count at build time
 * @param probes IVFFlat probes; 0 uses sqrt(lists)
 * @param ivfflatMinRows below this many vectors no IVFFlat index is built
 * @param buildMemory maintenance_work_mem for index builds
 * @param createOnStartup whether start-up creates the configured index when it is missing
 */
public record IndexSettings(IndexType type, int m, int efConstruction, int lists, int probes, int ivfflatMinRows,
		DataSize buildMemory, boolean createOnStartup) {
}
