package dev.movies.movie;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;

import dev.movies.system.JsonNumbers;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Bulk upsert of movies keyed by external id, from a JSON array, the YTS
 * {@code list_movies} response or an NDJSON stream. Every record is validated on its own:
 * a bad one is rejected with its reason and never stops the good ones. Valid records are
 * upserted in chunks, each committed on its own, so an NDJSON stream of any length runs
 * in bounded memory.
 * <p>
 * An external id given twice in one request is a mistake in the data: the first
 * occurrence is imported, every later one is rejected naming the first one's index. This
 * class reads and parses; {@link ImportRun} counts, rejects and upserts.
 */
@Service
public class MovieImportService {

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
		// records read their numbers as the API spells them: "year": "0x7D0" or " 2016"
		// is
		// a rejected record, "year": 2016.5 is not 2016
		this.json = json.rebuild().addModule(JsonNumbers.module()).build();
		this.recordReader = this.json.readerFor(MovieRecord.class);
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
		ImportRun run = new ImportRun(this.repository, this.properties, this.events);
		for (JsonNode node : movies) {
			long index = run.nextIndex();
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
		ImportRun run = new ImportRun(this.repository, this.properties, this.events);
		try {
			while (lines.next()) {
				if (lines.isBlank()) {
					continue;
				}
				long index = run.nextIndex();
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
			throw new MalformedImportException("The request body is not valid JSON: " + plain(ex.getOriginalMessage()));
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
		if (root.isObject() && root.has("status")) {
			String status = root.path("status").asString("ok");
			if (!"ok".equalsIgnoreCase(status)) {
				throw new MalformedImportException("The YTS response has status '%s': %s".formatted(status,
						root.path("status_message").asString("")));
			}
		}
		JsonNode data = root.path("data");
		if (root.isObject() && data.isObject()) {
			JsonNode movies = data.path("movies");
			if (movies.isArray()) {
				return movies;
			}
			if (movies.isMissingNode() && data.path("movie").isObject()) {
				// movie_details: one movie
				return this.json.createArrayNode().add(data.get("movie"));
			}
			if (movies.isMissingNode() && data.path("movie").isMissingNode()) {
				// YTS leaves "movies" out when a page of list_movies is empty.
				return this.json.createArrayNode();
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
	 * Why a record could not be read, in the API user's terms: the field path and what it
	 * must be, never Jackson's class names or its advice to a developer ("enable
	 * JsonReadFeature...").
	 */
	private static String describe(JacksonException ex) {
		boolean atField = !ex.getPath().isEmpty() && ex.getPath().getFirst().getPropertyName() != null;
		if (atField) {
			return "%s: %s".formatted(pathOf(ex), mustBe(ex));
		}
		if (ex instanceof StreamReadException) {
			return "not valid JSON: " + plain(ex.getOriginalMessage());
		}
		return "not a movie object: each record must be a JSON object";
	}

	private static String mustBe(JacksonException ex) {
		String message = ex.getOriginalMessage();
		if (message != null && message.startsWith("must be ")) {
			return message;
		}
		Class<?> type = (ex instanceof MismatchedInputException mismatch) ? mismatch.getTargetType()
				: (ex instanceof InputCoercionException coercion) ? coercion.getTargetType() : null;
		if (type == null) {
			return "is not a valid value";
		}
		return (ex instanceof InputCoercionException) ? "must be " + kind(type) + " within its range"
				: "must be " + kind(type);
	}

	private static String kind(Class<?> type) {
		if (type == Integer.class || type == Long.class || type == int.class || type == long.class) {
			return "a whole number";
		}
		if (Number.class.isAssignableFrom(type)) {
			return "a number";
		}
		if (type == String.class) {
			return "text";
		}
		return Collection.class.isAssignableFrom(type) ? "a list" : "an object";
	}

	/** Jackson's parse error, without the backquoted names it adds for developers. */
	static String plain(String message) {
		if (message == null) {
			return "unreadable";
		}
		int advice = message.indexOf(": enable ");
		return (advice >= 0 ? message.substring(0, advice) : message).replace("`", "");
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

}
