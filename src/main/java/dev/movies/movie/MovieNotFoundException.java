package dev.movies.movie;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** A movie id or external id that the catalogue does not hold: always a 404. */
public class MovieNotFoundException extends ErrorResponseException {

	public MovieNotFoundException(String kind, Object id) {
		super(HttpStatus.NOT_FOUND);
		getBody().setTitle("Movie not found");
		getBody().setDetail("No movie with %s %s".formatted(kind, id));
	}

	public static MovieNotFoundException byId(long id) {
		return new MovieNotFoundException("id", id);
	}

	public static MovieNotFoundException byExternalId(long externalId) {
		return new MovieNotFoundException("external_id", externalId);
	}

}
