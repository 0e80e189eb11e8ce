package dev.movies.embedding;

/**
 * A model call that failed, in words an operator can act on. The {@link Kind} tells the
 * backfill what to do with it.
 */
public class EmbeddingException extends RuntimeException {

	public enum Kind {

		/**
		 * The model is not reachable right now (refused, timed out, busy, 5xx): retry
		 * with back-off.
		 */
		UNAVAILABLE,
		/**
		 * The model refuses this input (too long, NaN result): isolate it and go on with
		 * the rest.
		 */
		INPUT_REJECTED,
		/**
		 * Retrying cannot help (model not pulled, wrong dimension): stop and tell the
		 * operator.
		 */
		MISCONFIGURED

	}

	private final Kind kind;

	public EmbeddingException(Kind kind, String message, Throwable cause) {
		super(message, cause);
		this.kind = kind;
	}

	public static EmbeddingException unavailable(String message, Throwable cause) {
		return new EmbeddingException(Kind.UNAVAILABLE, message, cause);
	}

	public static EmbeddingException inputRejected(String message) {
		return new EmbeddingException(Kind.INPUT_REJECTED, message, null);
	}

	public static EmbeddingException misconfigured(String message) {
		return new EmbeddingException(Kind.MISCONFIGURED, message, null);
	}

	public Kind kind() {
		return this.kind;
	}

}
