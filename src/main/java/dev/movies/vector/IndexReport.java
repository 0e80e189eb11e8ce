package dev.movies.vector;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What an index operation did: {@code built} (with how long it took and its size),
 * {@code present} (nothing to do) or {@code skipped} (and why).
 *
 * @param replaced the indexes the new one replaced
 */
public record IndexReport(String status, String name, String method, String opclass, Map<String, Integer> parameters,
		long vectors, Long buildMillis, Long sizeBytes, boolean concurrently, List<String> replaced, String detail) {

	static IndexReport built(String name, IndexType type, String opclass, Map<String, Integer> parameters, long vectors,
			Duration took, long sizeBytes, List<String> replaced) {
		String method = type.name().toLowerCase(Locale.ROOT);
		return new IndexReport("built", name, method, opclass, parameters, vectors, took.toMillis(), sizeBytes, true,
				replaced, "built %s %s %s on %d vectors in %d ms (%d kB)".formatted(method, name, parameters, vectors,
						took.toMillis(), sizeBytes / 1024));
	}

	static IndexReport present(VectorIndex index, long vectors) {
		return new IndexReport("present", index.name(), index.method(), index.opclass(), Map.of(), vectors, null,
				index.sizeBytes(), false, List.of(), "%s %s is in place".formatted(index.method(), index.name()));
	}

	static IndexReport skipped(IndexType type, String opclass, long vectors, String reason) {
		return new IndexReport("skipped", null, type.name().toLowerCase(Locale.ROOT), opclass, Map.of(), vectors, null,
				null, false, List.of(), reason);
	}

}
