package dev.movies.recommendation;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * The movie a query starts from exists but has no embedding yet: a 409 until the backfill
 * reaches it.
 */
class MovieNotEmbeddedException extends ErrorResponseException {

	MovieNotEmbeddedException(MovieVector movie) {
		super(HttpStatus.CONFLICT);
		getBody().setTitle("Movie not embedded yet");
		getBody().setDetail("Movie %d (%s) has no embedding yet, so nothing can be compared with it; the embedding "
			.formatted(movie.id(), movie.label()) + "backfill (POST /actuator/embeddings) creates it");
		getBody().setProperty("movie_id", movie.id());
	}

}
