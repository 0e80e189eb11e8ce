package dev.movies.embedding;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.stereotype.Component;

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
	 * 202 with the new job's status; 409 with the running job's status when one runs
	 * already.
	 */
	@WriteOperation
	WebEndpointResponse<EmbeddingJobStatus> start(@Nullable Boolean force) {
		try {
			return new WebEndpointResponse<>(this.jobs.start(Boolean.TRUE.equals(force)), 202);
		}
		catch (EmbeddingJobService.BackfillAlreadyRunningException ex) {
			return new WebEndpointResponse<>(ex.status(), 409);
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
