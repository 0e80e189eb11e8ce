package dev.movies.movie;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;

import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectReader;

/**
 * Bulk upsert of movies keyed by external id, from a JSON array, the YTS
 * {@code list_movies} response or an NDJSON stream. Every record is validated on its own:
 * a bad one is rejected with its reason and never stops the good ones. Valid records are
 * upserted in chunks, each committed on its own, so an NDJSON stream of any length runs
 * in bounded memory.
 * <p>
 * An external id given twice in one request is a mistake in the data: the first
 * occurrence is imported, every later one is rejected naming the first one's index.
 */
@Service
public class MovieImportService {

	private static final Logger log = LoggerFactory.getLogger(MovieImportService.class);

	private final MovieImportRepository repository;

	private final CatalogueProperties properties;

	private final ApplicationEventPublisher events;

	private final ObjectMapper json;

	private final ObjectReader recordReader;

	MovieImportService(MovieImportRepository repository, CatalogueProperties properties, ObjectMapper json,
			ApplicationEventPublisher events) {
		this.repository = repository;
		this.events = events;
		this.properties = properties;
		this.json = json;
		this.recordReader = json.readerFor(MovieRecord.class);
	}

	/**
	 * Imports a JSON document: an array of movies or the YTS {@code list_movies} (or
	 * {@code movie_details}) response. The document is parsed whole first, so a syntax
	 * error anywhere imports nothing.
	 * @param declaredLength the Content-Length, or -1 when unknown
	 */
	public ImportResult importJson(InputStream body, long declaredLength) {
		long max = this.properties.maxBodySize().toBytes();
		if (declaredLength > max) {
			throw new ImportTooLargeException(max);
		}
		JsonNode movies = moviesOf(parse(readAtMost(body, max)));
		Run run = new Run();
		for (JsonNode node : movies) {
			long index = run.received++;
			try {
				run.add(index, this.json.treeToValue(node, MovieRecord.class));
			}
			catch (JacksonException ex) {
				run.reject(index, externalIdOf(node), describe(ex));
			}
		}
		return run.finish();
	}

	/**
	 * Imports an NDJSON stream, one movie per line, reading and committing it chunk by
	 * chunk. A line that is not valid JSON is a rejected record.
	 * @param declaredLength the Content-Length, or -1 when unknown (chunked)
	 */
	public ImportResult importNdjson(InputStream body, long declaredLength) {
		long max = this.properties.maxStreamSize().toBytes();
		if (declaredLength > max) {
			throw new ImportTooLargeException(max);
		}
		long maxRecord = this.properties.maxRecordSize().toBytes();
		NdjsonLines lines = new NdjsonLines(body, maxRecord, max);
		Run run = new Run();
		try {
			while (lines.next()) {
				if (lines.isBlank()) {
					continue;
				}
				long index = run.received++;
				if (lines.tooLong()) {
					run.reject(index, null, "record is longer than %d bytes".formatted(maxRecord));
					continue;
				}
				try {
					run.add(index, this.recordReader.readValue(lines.bytes(), 0, lines.length()));
				}
				catch (JacksonException ex) {
					run.reject(index, externalIdOf(lines.bytes(), lines.length()), describe(ex));
				}
			}
		}
		catch (ImportTooLargeException ex) {
			throw ex.withImported(run.finish());
		}
		return run.finish();
	}

	private static byte[] readAtMost(InputStream body, long max) {
		try {
			byte[] bytes = body.readNBytes((int) Math.min(max + 1, Integer.MAX_VALUE - 8));
			if (bytes.length > max) {
				throw new ImportTooLargeException(max);
			}
			return bytes;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Reading the request body failed", ex);
		}
	}

	private JsonNode parse(byte[] document) {
		try {
			return this.json.readTree(document);
		}
		catch (JacksonException ex) {
			throw new MalformedImportException("The request body is not valid JSON: " + ex.getOriginalMessage());
		}
	}

	/**
	 * The movies of a JSON array, a YTS {@code list_movies} or a YTS
	 * {@code movie_details} response.
	 */
	private JsonNode moviesOf(JsonNode root) {
		if (root.isArray()) {
			return root;
		}
		JsonNode data = root.path("data");
		if (root.isObject() && data.isObject()) {
			String status = root.path("status").asString("ok");
			if (!"ok".equalsIgnoreCase(status)) {
				throw new MalformedImportException("The YTS response has status '%s': %s".formatted(status,
						root.path("status_message").asString("")));
			}
			// YTS leaves "movies" out when a page is empty.
			JsonNode movies = data.path("movies");
			if (movies.isArray() || movies.isMissingNode()) {
				return movies.isArray() ? movies : this.json.createArrayNode();
			}
			if (data.path("movie").isObject()) {
				return this.json.createArrayNode().add(data.get("movie"));
			}
		}
		throw new MalformedImportException(
				"Expected a JSON array of movies or a YTS response {\"status\":\"ok\",\"data\":{\"movies\":[...]}}");
	}

	private Long externalIdOf(byte[] line, int length) {
		try {
			return externalIdOf(this.json.readTree(line, 0, length));
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	private static Long externalIdOf(JsonNode node) {
		for (String field : List.of("external_id", "id")) {
			JsonNode id = node.path(field);
			if (id.isIntegralNumber() && id.canConvertToLong()) {
				return id.asLong();
			}
		}
		return null;
	}

	/**
	 * Jackson's message without its location and source excerpt, prefixed by the field
	 * path.
	 */
	private static String describe(JacksonException ex) {
		String message = ex.getOriginalMessage();
		if (ex instanceof StreamReadException) {
			return "not valid JSON: " + message;
		}
		boolean atField = !ex.getPath().isEmpty() && ex.getPath().getFirst().getPropertyName() != null;
		return atField ? "%s: %s".formatted(pathOf(ex), message) : "not a movie object: " + message;
	}

	private static String pathOf(JacksonException ex) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : ex.getPath()) {
			if (reference.getPropertyName() != null) {
				path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.toString();
	}

	/** One import request: its counts, the rejections, and the chunk being filled. */
	private final class Run {

		long received;

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
			if (this.chunk.size() >= MovieImportService.this.properties.chunkSize()) {
				flush();
			}
		}

		void reject(long index, Long externalId, String error) {
			this.rejectedCount++;
			if (this.rejected.size() < MovieImportService.this.properties.maxListedRejections()) {
				this.rejected.add(new ImportResult.Rejection(index, externalId, error));
			}
		}

		ImportResult finish() {
			flush();
			this.rejected.sort((a, b) -> Long.compare(a.index(), b.index()));
			if (this.inserted + this.updated > 0) {
				MovieImportService.this.events.publishEvent(new CatalogueChangedEvent(this.inserted, this.updated));
			}
			return new ImportResult(this.received, this.inserted, this.updated, this.unchanged,
					List.copyOf(this.rejected), this.rejectedCount);
		}

		private void flush() {
			if (this.chunk.isEmpty()) {
				return;
			}
			try {
				count(this.chunk, MovieImportService.this.repository.upsert(this.chunk));
			}
			catch (DataIntegrityViolationException ex) {
				// Validation mirrors the table's checks, so this should not happen; if it
				// does, find the culprits one by one rather than lose the whole chunk.
				log.warn("A chunk of {} movies was refused ({}); importing them one by one", this.chunk.size(),
						ex.getMostSpecificCause().getMessage());
				for (int i = 0; i < this.chunk.size(); i++) {
					Movie movie = this.chunk.get(i);
					try {
						count(List.of(movie), MovieImportService.this.repository.upsert(List.of(movie)));
					}
					catch (DataIntegrityViolationException single) {
						reject(this.chunkIndexes.get(i), movie.externalId(),
								"refused by the database: " + single.getMostSpecificCause().getMessage());
					}
				}
			}
			this.chunk.clear();
			this.chunkIndexes.clear();
		}

		private void count(List<Movie> movies, MovieImportRepository.Upserted upserted) {
			this.inserted += upserted.inserted();
			this.updated += upserted.updated();
			this.unchanged += movies.size() - upserted.inserted() - upserted.updated();
		}

	}

}
