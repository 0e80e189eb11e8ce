package dev.movies.system;

/**
 * A configuration the service cannot start with. {@link SetupFailureAnalyzer} prints it
 * as Spring Boot's "APPLICATION FAILED TO START" description and action instead of a
 * stack trace.
 */
public class SetupException extends RuntimeException {

	private final String action;

	public SetupException(String description, String action) {
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
