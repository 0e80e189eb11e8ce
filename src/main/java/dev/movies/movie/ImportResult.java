package dev.movies.movie;

import java.util.List;

/**
 * What an import did: {@code received = inserted + updated + unchanged + rejected_count}.
 *
 * @param received records in the request (blank NDJSON lines are not records)
 * @param inserted new movies
 * @param updated existing movies whose stored values changed
 * @param unchanged existing movies the request sent again as they were
 * @param rejected the rejected records, in request order (at most
 * {@link CatalogueProperties#maxListedRejections()} of them)
 * @param rejectedCount how many records were rejected in all
 */
public record ImportResult(long received, long inserted, long updated, long unchanged, List<Rejection> rejected,
		long rejectedCount) {

	/**
	 * @param index the record's 0-based position in the request: the array index, or the
	 * count of records (non-blank lines) before it in an NDJSON stream
	 * @param externalId the record's external id when it could be read, else {@code null}
	 * @param error why it was rejected
	 */
	public record Rejection(long index, Long externalId, String error) {
	}

}
