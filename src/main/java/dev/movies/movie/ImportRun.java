package dev.movies.movie;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;

/**
 * One import request: its counts, the rejections, and the chunk being filled. Valid
 * records are upserted chunk by chunk, each chunk committed on its own; the first record
 * of an external id wins and later ones are rejected.
 */
final class ImportRun {

	private static final Logger log = LoggerFactory.getLogger(ImportRun.class);

	private static final String PROGRAM_LIMIT_EXCEEDED = "54000";

	private final MovieImportRepository repository;

	private final CatalogueProperties properties;

	private final ApplicationEventPublisher events;

	private long received;

	private long inserted;

	private long updated;

	private long unchanged;

	private long rejectedCount;

	private final List<ImportResult.Rejection> rejected = new ArrayList<>();

	/**
	 * external id -> index of its first record, to reject duplicates across chunks.
	 */
	private final Map<Long, Long> firstIndex = new HashMap<>();

	private final List<Movie> chunk = new ArrayList<>();

	private final List<Long> chunkIndexes = new ArrayList<>();

	ImportRun(MovieImportRepository repository, CatalogueProperties properties, ApplicationEventPublisher events) {
		this.repository = repository;
		this.properties = properties;
		this.events = events;
	}

	/** Counts one more record received and gives its index in the request. */
	long nextIndex() {
		return this.received++;
	}

	void add(long index, MovieRecord record) {
		if (record == null) {
			reject(index, null, "not a movie object: null");
			return;
		}
		Movie movie;
		try {
			movie = record.toMovie();
		}
		catch (RejectedRecordException ex) {
			reject(index, record.key(), ex.getMessage());
			return;
		}
		Long first = this.firstIndex.putIfAbsent(movie.externalId(), index);
		if (first != null) {
			reject(index, movie.externalId(), "duplicate external_id %d: first given at index %d, which was kept"
				.formatted(movie.externalId(), first));
			return;
		}
		this.chunk.add(movie);
		this.chunkIndexes.add(index);
		if (this.chunk.size() >= this.properties.chunkSize()) {
			flush();
		}
	}

	void reject(long index, Long externalId, String error) {
		this.rejectedCount++;
		if (this.rejected.size() < this.properties.maxListedRejections()) {
			this.rejected.add(new ImportResult.Rejection(index, externalId, error));
		}
	}

	ImportResult finish() {
		flush();
		this.rejected.sort((a, b) -> Long.compare(a.index(), b.index()));
		if (this.inserted + this.updated > 0) {
			this.events.publishEvent(new CatalogueChangedEvent(this.inserted, this.updated));
		}
		return new ImportResult(this.received, this.inserted, this.updated, this.unchanged, List.copyOf(this.rejected),
				this.rejectedCount);
	}

	private void flush() {
		if (this.chunk.isEmpty()) {
			return;
		}
		try {
			count(this.chunk, this.repository.upsert(this.chunk));
		}
		catch (DataAccessException ex) {
			if (refusal(ex) == null) {
				throw ex;
			}
			// Validation mirrors the table's checks, so this should not happen; if it
			// does, find the culprits one by one rather than lose the whole chunk.
			log.warn("A chunk of {} movies was refused ({}); importing them one by one", this.chunk.size(),
					ex.getMostSpecificCause().getMessage());
			for (int i = 0; i < this.chunk.size(); i++) {
				Movie movie = this.chunk.get(i);
				try {
					count(List.of(movie), this.repository.upsert(List.of(movie)));
				}
				catch (DataAccessException single) {
					String reason = refusal(single);
					if (reason == null) {
						throw single;
					}
					reject(this.chunkIndexes.get(i), movie.externalId(), reason);
				}
			}
		}
		this.chunk.clear();
		this.chunkIndexes.clear();
	}

	/**
	 * Why the database refused the rows themselves, or {@code null} when it failed for
	 * another reason (it is away: the import fails). A text whose search document passes
	 * PostgreSQL's 1 MB tsvector limit is SQLState 54000, which Spring reports as a
	 * resource failure, not as bad data.
	 */
	private static String refusal(DataAccessException ex) {
		String cause = ex.getMostSpecificCause().getMessage();
		if (ex.getMostSpecificCause() instanceof SQLException sql && PROGRAM_LIMIT_EXCEEDED.equals(sql.getSQLState())) {
			return "too much text to index for search (the search document of title, cast, descriptions and genres "
					+ "is limited to 1 MB): " + cause;
		}
		return (ex instanceof DataIntegrityViolationException) ? "refused by the database: " + cause : null;
	}

	private void count(List<Movie> movies, MovieImportRepository.Upserted upserted) {
		this.inserted += upserted.inserted();
		this.updated += upserted.updated();
		this.unchanged += movies.size() - upserted.inserted() - upserted.updated();
	}

}
