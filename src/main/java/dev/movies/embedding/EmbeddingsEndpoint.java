package dev.movies.embedding;

import dev.movies.system.InvalidRequestException;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

/**
 * {@code /actuator/embeddings}: GET the backfill's status, POST to start one
 * ({@code {"force": true}} re-embeds every movie), DELETE to cancel it. Admin-only (see
 * SecurityConfiguration).
 */
@Component
@Endpoint(id = "embeddings")
class EmbeddingsEndpoint {

	private final EmbeddingJobService jobs;

	EmbeddingsEndpoint(EmbeddingJobService jobs) {
		this.jobs = jobs;
	}

	@ReadOperation
	EmbeddingJobStatus status() {
		return this.jobs.status();
	}

	/**
	 * 202 with the new job's status; 400 naming {@code force} unless it is true or false
	 * (the default conversion read "yes" as {@code true}: a forced re-embedding of the
	 * whole catalogue); a 409 problem+json with the running job's status as
	 * {@code backfill} when one runs already.
	 */
	@WriteOperation
	WebEndpointResponse<EmbeddingJobStatus> start(@Nullable String force) {
		// The actuator reads the body as strings (JSON true arrives as "true") and would
		// convert "yes", "on" or "1" to true: only true and false are taken
		if (force != null && !force.equals("true") && !force.equals("false")) {
			throw InvalidRequestException.of("force", "must be true or false (a JSON boolean)", force);
		}
		try {
			return new WebEndpointResponse<>(this.jobs.start("true".equals(force)), 202);
		}
		catch (EmbeddingJobService.BackfillAlreadyRunningException ex) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
					"A backfill is already running: GET /actuator/embeddings shows its progress, "
							+ "DELETE /actuator/embeddings cancels it");
			problem.setTitle("Backfill already running");
			problem.setProperty("backfill", ex.status());
			throw new ErrorResponseException(HttpStatus.CONFLICT, problem, ex);
		}
	}

	/**
	 * 200 with the cancelled job's status; 409 with the last status when nothing runs.
	 */
	@DeleteOperation
	WebEndpointResponse<EmbeddingJobStatus> cancel() {
		return this.jobs.cancel()
			.map((status) -> new WebEndpointResponse<>(status, WebEndpointResponse.STATUS_OK))
			.orElseGet(() -> new WebEndpointResponse<>(this.jobs.status(), 409));
	}

}
