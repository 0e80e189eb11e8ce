package dev.movies.recommendation;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * No movie is embedded at all: recommendations are unavailable until the backfill has
 * run.
 */
class NoEmbeddingsException extends ErrorResponseException {

	NoEmbeddingsException() {
		super(HttpStatus.SERVICE_UNAVAILABLE);
		getBody().setTitle("No embeddings yet");
		getBody().setDetail(
				"No movie has an embedding yet: run the embedding backfill " + "(POST /actuator/embeddings) and retry");
		getHeaders().set(HttpHeaders.RETRY_AFTER, "60");
	}

}
