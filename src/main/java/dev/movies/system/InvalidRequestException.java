package dev.movies.system;

import java.util.List;

/**
 * A request that is well-formed but makes no sense (contradicting filters, overlapping
 * liked and disliked movies, ...): a 400 problem naming each bad parameter.
 */
public class InvalidRequestException extends RuntimeException {

	private final List<FieldError> errors;

	/** All the bad parameters of a request, summed up by {@link Problems#summary}. */
	public InvalidRequestException(List<FieldError> errors) {
		super(Problems.summary(errors));
		this.errors = List.copyOf(errors);
	}

	public static InvalidRequestException of(String parameter, String message, Object rejectedValue) {
		return new InvalidRequestException(List.of(new FieldError(parameter, message, rejectedValue)));
	}

	public List<FieldError> errors() {
		return this.errors;
	}

	public record FieldError(String parameter, String message, Object rejectedValue) {
	}

}
