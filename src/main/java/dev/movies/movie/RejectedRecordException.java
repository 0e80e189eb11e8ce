package dev.movies.movie;

/**
 * One import record that cannot be stored; the message says why and becomes its
 * rejection.
 */
class RejectedRecordException extends RuntimeException {

	RejectedRecordException(String reason) {
		super(reason, null, false, false);
	}

}
