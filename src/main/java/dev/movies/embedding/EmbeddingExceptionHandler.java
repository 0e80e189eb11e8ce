package dev.movies.embedding;

import java.util.List;

import dev.movies.system.InvalidRequestException.FieldError;
import dev.movies.system.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;

/**
 * The embedding model could not embed a query: busy past the wait, away, or
 * misconfigured, or answering vectors that are no vectors (too few, NaN, zero). A 503 the
 * client may retry, never a 500; a query text the model refuses is the client's 400. Here
 * rather than in {@code system}, which imports no feature; ordered before
 * {@code system}'s handler, whose catch-all would otherwise answer 500.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class EmbeddingExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(EmbeddingExceptionHandler.class);

	@ExceptionHandler(EmbeddingException.class)
	ResponseEntity<ProblemDetail> handleEmbeddingFailure(EmbeddingException ex, WebRequest request) {
		if (ex instanceof Vectors.UnusableAnswerException) {
			log.warn("Query embedding failed for {}: {}", request.getDescription(false), ex.getMessage());
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
				.header(HttpHeaders.RETRY_AFTER, "60")
				.body(Problems.unavailable("Embedding model unavailable",
						"The embedding model gave an unusable answer: the operator has to check the model"));
		}
		if (ex.kind() == EmbeddingException.Kind.INPUT_REJECTED) {
			return ResponseEntity.status(HttpStatus.BAD_REQUEST)
				.body(Problems.invalid("The embedding model refused the text: " + ex.getMessage(),
						List.of(new FieldError("text", "was refused by the embedding model", null))));
		}
		log.warn("Query embedding failed for {}: {}", request.getDescription(false), ex.getMessage());
		boolean unavailable = ex.kind() == EmbeddingException.Kind.UNAVAILABLE;
		ProblemDetail body = Problems.unavailable("Embedding model unavailable",
				unavailable ? "The embedding model is busy or unreachable right now; try again shortly"
						: "The embedding model is not usable: the operator has to fix its configuration");
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, unavailable ? "5" : "60")
			.body(body);
	}

}
