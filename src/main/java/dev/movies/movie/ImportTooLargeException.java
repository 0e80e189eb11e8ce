package dev.movies.movie;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * An import body over its configured limit: 413. An NDJSON stream is only found too large
 * while it is read; the chunks before the limit are committed then, and the problem says
 * what they did.
 */
class ImportTooLargeException extends ErrorResponseException {

	ImportTooLargeException(long maxBytes) {
		super(HttpStatus.CONTENT_TOO_LARGE);
		getBody().setTitle("Request body too large");
		getBody().setDetail("The request body is larger than the limit of %d bytes (%.1f MB)".formatted(maxBytes,
				maxBytes / (1024.0 * 1024.0)));
		getBody().setProperty("max_bytes", maxBytes);
	}

	/** Records what the part of a stream before the limit did (it was committed). */
	ImportTooLargeException withImported(ImportResult imported) {
		getBody().setDetail(getBody().getDetail()
				+ "; the %d records before the limit were imported".formatted(imported.received()));
		getBody().setProperty("imported", imported);
		return this;
	}

}
