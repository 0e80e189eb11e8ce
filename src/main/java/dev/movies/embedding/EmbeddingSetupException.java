package dev.movies.embedding;

/**
 * A configuration the service cannot start with. {@link EmbeddingSetupFailureAnalyzer}
 * prints it as Spring Boot's "APPLICATION FAILED TO START" description and action instead
 * of a stack trace.
 */
public class EmbeddingSetupException extends RuntimeException {

	private final String action;

	public EmbeddingSetupException(String description, String action) {
		super(description + " " + action);
		this.action = action;
	}

	public String description() {
		return getMessage().substring(0, getMessage().length() - this.action.length() - 1);
	}

	public String action() {
		return this.action;
	}

}
