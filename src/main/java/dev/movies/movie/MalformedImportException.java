package dev.movies.movie;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * A JSON import document that is not JSON, or not one of the accepted shapes: 400,
 * nothing imported.
 */
class MalformedImportException extends ErrorResponseException {

	MalformedImportException(String detail) {
		super(HttpStatus.BAD_REQUEST);
		getBody().setTitle("Malformed request body");
		getBody().setDetail(detail);
	}

}
